package org.hearth.storage.sql.internal;

import java.sql.SQLException;
import java.util.regex.Pattern;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.data.SqlWork;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link BundleDatabase} over the server's pool: bundles' own tables, migrated and recorded in
 * {@code bundle_migrations} by the same code as core's schema.
 */
@Component(service = BundleDatabase.class)
public final class SqlBundleDatabase implements BundleDatabase {
    private static final Pattern OWNER = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Database database;

    @Activate
    public SqlBundleDatabase(@Reference Database database) {
        this.database = database;
    }

    @Override
    public String dialect() {
        return database.dialect().databaseId();
    }

    @Override
    public void migrate(String owner, ClassLoader loader, String folder) {
        if (owner == null || !OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("owner must be lower-case letters, digits and _: " + owner);
        }
        MigrationRunner runner = new MigrationRunner(database.dialect(), MigrationLedger.bundle(owner),
                BundleScripts.find(loader, folder, database.dialect()));
        try {
            database.queued(() -> {
                runner.apply(database.dataSource(), runner.latest());
                return null;
            });
        } catch (SQLException e) {
            throw StoreFailures.data("Migrating the " + owner + " tables", e);
        }
    }

    @Override
    public <T> T transaction(SqlWork<T> work) {
        try {
            return database.jdbcTransaction(work);
        } catch (SQLException e) {
            throw StoreFailures.data("A transaction on bundle tables", e);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try {
            return database.jdbcRead(work);
        } catch (SQLException e) {
            throw StoreFailures.data("A read of bundle tables", e);
        }
    }
}
