package org.hearth.itest.streams;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamDeliveryPostgresTest extends StreamDeliveryContract {

    @RegisterExtension
    static PostgresDatabase db = new PostgresDatabase();

    @Override
    TestConfig config(Path dir) {
        return new TestConfig(dir).database(db);
    }

    @Override
    Connection database(TestConfig config) throws SQLException {
        return DriverManager.getConnection(db.url(), db.user(), null);
    }
}
