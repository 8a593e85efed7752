package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms across two servers on the embedded default database, SQLite. */
class FederatedRoomsSqliteTest extends FederatedRoomsContract {
    @RegisterExtension
    static HearthServer hs1 = FederationWireContract.server(c -> FederationWireContract.hs1(c).openRegistration()
            .set("registration.shared_secret", ADMIN_SECRET));

    @RegisterExtension
    static HearthServer hs2 = FederationWireContract.server(c -> FederationWireContract.hs2(c).openRegistration().set("registration.guest_access", true)
            .set("registration.shared_secret", ADMIN_SECRET));

    @Override
    HearthServer hs1() {
        return hs1;
    }

    @Override
    HearthServer hs2() {
        return hs2;
    }
}
