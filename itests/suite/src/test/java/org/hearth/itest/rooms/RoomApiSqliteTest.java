package org.hearth.itest.rooms;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms on the embedded default database, SQLite. */
class RoomApiSqliteTest extends RoomApiContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
