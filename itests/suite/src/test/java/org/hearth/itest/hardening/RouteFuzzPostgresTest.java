package org.hearth.itest.hardening;

import org.hearth.itest.TestBundles;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

class RouteFuzzPostgresTest extends RouteFuzzContract {

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> c.openRegistration().database(db)).deploying(TestBundles.echo());

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
