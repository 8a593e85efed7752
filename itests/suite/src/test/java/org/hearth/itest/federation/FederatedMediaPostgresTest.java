package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** hs1's media served over federation, on a fresh PostgreSQL database. */
class FederatedMediaPostgresTest extends FederatedMediaContract {
    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer hs1 = server(c -> hs1(c).database(db));

    @Override
    HearthServer hs1() {
        return hs1;
    }
}
