package org.hearth.itest.accounts;

import java.nio.file.Path;
import org.hearth.testkit.TestConfig;

class CrashDurabilitySqliteTest extends CrashDurabilityContract {

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir);
    }
}
