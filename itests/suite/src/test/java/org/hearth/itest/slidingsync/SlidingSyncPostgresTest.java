package org.hearth.itest.slidingsync;

import java.nio.file.Path;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Simplified sliding sync on PostgreSQL (a fresh database on 127.0.0.1:5432). */
class SlidingSyncPostgresTest extends SlidingSyncContract {

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> c.openRegistration().database(db));

    @Override
    MatrixHttp http() {
        return server.http();
    }

    @Override
    TestConfig ownServer(Path dir) {
        return new TestConfig(dir).database(db);
    }
}
