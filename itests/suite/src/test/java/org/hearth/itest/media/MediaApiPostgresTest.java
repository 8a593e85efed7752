package org.hearth.itest.media;

import java.nio.file.Path;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The content repository with its index on PostgreSQL (a fresh database on 127.0.0.1:5432). */
class MediaApiPostgresTest extends MediaApiContract {

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> configure(c).database(db));

    @Override
    MatrixHttp http() {
        return server.http();
    }

    @Override
    Path dataDir() {
        return server.dataDir();
    }
}
