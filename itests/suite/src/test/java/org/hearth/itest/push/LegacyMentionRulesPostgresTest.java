package org.hearth.itest.push;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The legacy mention rules on PostgreSQL (a fresh database on 127.0.0.1:5432). */
class LegacyMentionRulesPostgresTest extends LegacyMentionRulesContract {

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = HearthServer.with(c -> c.openRegistration().database(db)
            .set("push.legacy_mention_rules", true).set("push.allow_private_addresses", true));

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
