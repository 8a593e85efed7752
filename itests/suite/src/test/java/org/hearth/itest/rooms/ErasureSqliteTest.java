package org.hearth.itest.rooms;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Erasure on the embedded default database, SQLite. */
class ErasureSqliteTest extends ErasureContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
