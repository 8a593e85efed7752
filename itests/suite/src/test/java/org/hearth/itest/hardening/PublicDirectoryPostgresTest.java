package org.hearth.itest.hardening;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublicDirectoryPostgresTest extends PublicDirectoryContract {

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> c.openRegistration().database(db)
            .set("room_directory.public_without_auth", true));

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
