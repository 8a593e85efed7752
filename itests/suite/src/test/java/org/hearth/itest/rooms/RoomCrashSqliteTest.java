package org.hearth.itest.rooms;

import java.nio.file.Path;
import org.hearth.testkit.TestConfig;

class RoomCrashSqliteTest extends RoomCrashContract {

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir);
    }
}
