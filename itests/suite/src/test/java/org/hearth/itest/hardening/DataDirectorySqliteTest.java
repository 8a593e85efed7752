package org.hearth.itest.hardening;

import java.nio.file.Path;
import java.util.List;
import org.hearth.testkit.TestConfig;

class DataDirectorySqliteTest extends DataDirectoryContract {

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir);
    }

    @Override
    List<String> databaseFiles() {
        return List.of("hearth.db");
    }
}
