package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Third-party invites across two servers on the embedded default database, SQLite. */
class ThirdPartyInvitesSqliteTest extends ThirdPartyInvitesContract {
    @RegisterExtension
    static HearthServer hs1 = FederationWireContract.server(c -> withIdentity(FederationWireContract.hs1(c)));

    @RegisterExtension
    static HearthServer hs2 = FederationWireContract.server(c -> withIdentity(FederationWireContract.hs2(c)));

    @Override
    HearthServer hs1() {
        return hs1;
    }

    @Override
    HearthServer hs2() {
        return hs2;
    }
}
