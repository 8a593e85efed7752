package org.hearth.itest.push;

import java.nio.file.Path;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Push delivery across a restart on PostgreSQL (a fresh database on 127.0.0.1:5432). */
class PushDurabilityPostgresTest extends PushDurabilityContract {

    @RegisterExtension
    static PostgresDatabase db = new PostgresDatabase();

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir).database(db);
    }
}
