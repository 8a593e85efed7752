package org.hearth.itest.federation;

import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where local events are sent, from a server process on PostgreSQL. */
class OutboundDestinationsPostgresTest extends OutboundDestinationsContract {
    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthCluster cluster = new HearthCluster(ONE).playing(PLAYED).onPostgres(ONE, () -> db);

    @Override
    HearthCluster cluster() {
        return cluster;
    }
}
