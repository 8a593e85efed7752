package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The federation wire between two servers on the embedded default database, SQLite. */
class FederationWireSqliteTest extends FederationWireContract {
    @RegisterExtension
    static HearthServer hs1 = server(FederationWireContract::hs1);

    @RegisterExtension
    static HearthServer hs2 = server(FederationWireContract::hs2);
}
