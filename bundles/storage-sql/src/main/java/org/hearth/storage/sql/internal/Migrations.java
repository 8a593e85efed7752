package org.hearth.storage.sql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hearth.api.spi.storage.StoreException;

/**
 * Core's schema: script N is {@code migrations/<dialect>/<SCRIPTS[N-1]>.sql}, recorded in
 * {@code schema_version} (see {@link MigrationRunner}).
 */
final class Migrations {
    /** In order; listed here because a bundle cannot reliably list its own resources through its class loader. */
    private static final List<String> SCRIPTS = List.of("001_accounts", "002_external_ids", "003_rooms", "004_stream_cursors",
            "005_txn_scope_state_history", "006_e2ee", "007_bundle_migrations",
            "008_push_receipts", "009_profiles_openid", "010_event_dag", "011_sliding_sync",
            "012_relations", "013_pusher_devices", "014_remote_device_lists", "015_search_guests",
            "016_historic_positions", "017_pusher_positions", "018_erased_accounts", "019_partial_state_rooms",
            "020_partial_state_completions", "021_room_extremities", "022_partial_state_rechecks",
            "023_push_notification_groups", "024_account_moderation", "025_device_user_agents");

    private static final String VERSION_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";

    private Migrations() {
    }

    /** The newest schema version this Hearth knows. */
    static int latest() {
        return SCRIPTS.size();
    }

    /**
     * Brings the schema to {@link #latest()}.
     *
     * @throws IllegalStateException when the database has a newer schema than this Hearth knows
     * @throws StoreException when a migration fails; it left nothing behind
     */
    static void apply(DataSource dataSource, Dialect dialect) {
        apply(dataSource, dialect, latest());
    }

    /** Brings the schema up to {@code version}, no further: the tests build an older database with it. */
    static void apply(DataSource dataSource, Dialect dialect, int version) {
        try {
            try (Connection connection = dataSource.getConnection()) {
                MigrationRunner.execute(connection, VERSION_TABLE);
            }
            new MigrationRunner(dialect, MigrationLedger.core(), scripts(dialect)).apply(dataSource, version);
        } catch (SQLException e) {
            throw StoreFailures.of("Migrating the database schema", e);
        }
    }

    private static List<MigrationScript> scripts(Dialect dialect) {
        ClassLoader loader = Migrations.class.getClassLoader();
        List<MigrationScript> scripts = new ArrayList<>();
        for (int i = 0; i < SCRIPTS.size(); i++) {
            String name = SCRIPTS.get(i);
            scripts.add(new MigrationScript(i + 1, name,
                    loader.getResource("migrations/" + dialect.databaseId() + "/" + name + ".sql")));
        }
        return scripts;
    }
}
