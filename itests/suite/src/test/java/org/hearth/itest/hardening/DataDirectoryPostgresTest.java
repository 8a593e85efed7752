package org.hearth.itest.hardening;

import java.nio.file.Path;
import java.util.List;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class DataDirectoryPostgresTest extends DataDirectoryContract {

    @RegisterExtension
    static PostgresDatabase db = new PostgresDatabase();

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir).database(db);
    }

    @Override
    List<String> databaseFiles() {
        return List.of();
    }
}
