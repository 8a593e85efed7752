package org.hearth.itest.hardening;

import java.nio.file.Path;
import org.hearth.testkit.TestConfig;

class MalformedRequestsSqliteTest extends MalformedRequestsContract {

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir);
    }
}
