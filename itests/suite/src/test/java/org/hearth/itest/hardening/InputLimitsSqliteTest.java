package org.hearth.itest.hardening;

import java.nio.file.Path;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class InputLimitsSqliteTest extends InputLimitsContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Override
    MatrixHttp http() {
        return server.http();
    }

    @Override
    Path dataDir() {
        return server.dataDir();
    }
}
