package org.hearth.itest.federation;

import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Partial-state joins between two federating server processes; the joining one on PostgreSQL. */
class PartialStateJoinsPostgresTest extends PartialStateJoinsContract {
    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthCluster cluster = new HearthCluster(ONE, TWO).playing(PLAYED).with("rooms.partial_state_joins", true)
            .onPostgres(TWO, () -> db);

    @Override
    HearthCluster cluster() {
        return cluster;
    }
}
