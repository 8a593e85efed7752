package org.hearth.itest.hardening;

import org.hearth.itest.TestBundles;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class RouteFuzzSqliteTest extends RouteFuzzContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration).deploying(TestBundles.echo());

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
