package org.hearth.itest.hardening;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

class RateLimitsSqliteTest extends RateLimitsContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(RateLimitsContract::limitsOn);

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
