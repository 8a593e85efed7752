package org.hearth.itest.push;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Receipts and read markers on the embedded default database, SQLite. */
class ReceiptsSqliteTest extends ReceiptsContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
