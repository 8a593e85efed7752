package org.hearth.itest.moderation;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Room blocking and shutdown on PostgreSQL. */
class RoomModerationPostgresTest extends RoomModerationContract {

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> c.openRegistration().database(db)
            .set("registration.shared_secret", SECRET).set("rate_limits.enabled", false));

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
