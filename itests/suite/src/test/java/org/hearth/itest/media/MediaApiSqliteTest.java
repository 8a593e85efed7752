package org.hearth.itest.media;

import java.nio.file.Path;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The content repository with its index on the embedded default database, SQLite. */
class MediaApiSqliteTest extends MediaApiContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(MediaApiContract::configure);

    @Override
    MatrixHttp http() {
        return server.http();
    }

    @Override
    Path dataDir() {
        return server.dataDir();
    }
}
