package org.hearth.itest.rooms;

import org.hearth.itest.TestBundles;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Guests on the embedded default database, SQLite. */
class GuestsSqliteTest extends GuestsContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration().set("registration.guest_access", true)).deploying(TestBundles.echo());

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
