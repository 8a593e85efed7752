package org.hearth.itest.federation;

import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three federating server processes; C, the one that is killed and unplugged, on PostgreSQL. */
class ThreeServersPostgresTest extends ThreeServersContract {
    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthCluster cluster = new HearthCluster(A, B, C).onPostgres(C, () -> db);

    @Override
    HearthCluster cluster() {
        return cluster;
    }
}
