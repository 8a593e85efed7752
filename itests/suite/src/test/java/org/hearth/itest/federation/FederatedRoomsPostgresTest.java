package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms across two servers, each on its own PostgreSQL database. */
class FederatedRoomsPostgresTest extends FederatedRoomsContract {
    @RegisterExtension
    @Order(1)
    static PostgresDatabase db1 = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static PostgresDatabase db2 = new PostgresDatabase();

    @RegisterExtension
    @Order(3)
    static HearthServer hs1 = FederationWireContract.server(c -> FederationWireContract.hs1(c).openRegistration()
            .set("registration.shared_secret", ADMIN_SECRET).database(db1));

    @RegisterExtension
    @Order(4)
    static HearthServer hs2 = FederationWireContract.server(c -> FederationWireContract.hs2(c).openRegistration().set("registration.guest_access", true)
            .set("registration.shared_secret", ADMIN_SECRET).database(db2));

    @Override
    HearthServer hs1() {
        return hs1;
    }

    @Override
    HearthServer hs2() {
        return hs2;
    }
}
