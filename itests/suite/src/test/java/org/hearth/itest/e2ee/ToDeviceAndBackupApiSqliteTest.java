package org.hearth.itest.e2ee;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** To-device messages and key backups on the embedded default database, SQLite. */
class ToDeviceAndBackupApiSqliteTest extends ToDeviceAndBackupApiContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
