package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The federation wire between two servers, each on a fresh PostgreSQL database. */
class FederationWirePostgresTest extends FederationWireContract {
    @RegisterExtension
    @Order(1)
    static PostgresDatabase db1 = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static PostgresDatabase db2 = new PostgresDatabase();

    @RegisterExtension
    @Order(3)
    static HearthServer hs1 = server(c -> hs1(c).database(db1));

    @RegisterExtension
    @Order(4)
    static HearthServer hs2 = server(c -> hs2(c).database(db2));
}
