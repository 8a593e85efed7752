package org.hearth.itest.moderation;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Room blocking and shutdown on SQLite. */
class RoomModerationSqliteTest extends RoomModerationContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration()
            .set("registration.shared_secret", SECRET).set("rate_limits.enabled", false));

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
