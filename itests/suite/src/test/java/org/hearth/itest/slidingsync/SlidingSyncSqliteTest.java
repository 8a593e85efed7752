package org.hearth.itest.slidingsync;

import java.nio.file.Path;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Simplified sliding sync on the embedded default database, SQLite. */
class SlidingSyncSqliteTest extends SlidingSyncContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Override
    MatrixHttp http() {
        return server.http();
    }

    @Override
    TestConfig ownServer(Path dir) {
        return new TestConfig(dir);
    }
}
