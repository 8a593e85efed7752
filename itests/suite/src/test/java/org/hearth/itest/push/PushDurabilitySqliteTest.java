package org.hearth.itest.push;

import java.nio.file.Path;
import org.hearth.testkit.TestConfig;

/** Push delivery across a restart on the embedded default database, SQLite. */
class PushDurabilitySqliteTest extends PushDurabilityContract {

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir);
    }
}
