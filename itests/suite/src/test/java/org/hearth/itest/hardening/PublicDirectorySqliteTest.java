package org.hearth.itest.hardening;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublicDirectorySqliteTest extends PublicDirectoryContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration().set("room_directory.public_without_auth", true));

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
