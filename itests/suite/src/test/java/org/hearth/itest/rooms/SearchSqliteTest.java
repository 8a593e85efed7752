package org.hearth.itest.rooms;

import org.hearth.itest.TestBundles;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server-side search on the embedded default database, SQLite. */
class SearchSqliteTest extends SearchContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration).deploying(TestBundles.echo());

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
