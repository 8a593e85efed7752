package org.hearth.itest.push;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unread counts on the embedded default database, SQLite. */
class UnreadCountsSqliteTest extends UnreadCountsContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
