package org.hearth.itest.streams;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.hearth.testkit.TestConfig;

class StreamDeliverySqliteTest extends StreamDeliveryContract {

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir);
    }

    @Override
    Connection database(TestConfig config) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + config.dir().resolve("data/hearth.db"));
    }
}
