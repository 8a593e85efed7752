package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** hs1's media served over federation, on the embedded default database, SQLite. */
class FederatedMediaSqliteTest extends FederatedMediaContract {
    @RegisterExtension
    static HearthServer hs1 = server(FederatedMediaContract::hs1);

    @Override
    HearthServer hs1() {
        return hs1;
    }
}
