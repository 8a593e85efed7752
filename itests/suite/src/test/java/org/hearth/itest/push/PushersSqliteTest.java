package org.hearth.itest.push;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pushers and push gateways on the embedded default database, SQLite. */
class PushersSqliteTest extends PushersContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration().set("push.allow_private_addresses", true));

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
