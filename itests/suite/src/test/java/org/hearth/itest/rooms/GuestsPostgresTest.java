package org.hearth.itest.rooms;

import org.hearth.itest.TestBundles;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Guests on PostgreSQL (a fresh database on 127.0.0.1:5432). */
class GuestsPostgresTest extends GuestsContract {

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> c.openRegistration().set("registration.guest_access", true).database(db)).deploying(TestBundles.echo());

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
