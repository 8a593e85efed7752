package org.hearth.itest.hardening;

import java.nio.file.Path;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class MalformedRequestsPostgresTest extends MalformedRequestsContract {

    @RegisterExtension
    static PostgresDatabase db = new PostgresDatabase();

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir).database(db);
    }
}
