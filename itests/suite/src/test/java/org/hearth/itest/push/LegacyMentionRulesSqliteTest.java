package org.hearth.itest.push;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The legacy mention rules on the embedded default database, SQLite. */
class LegacyMentionRulesSqliteTest extends LegacyMentionRulesContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration()
            .set("push.legacy_mention_rules", true).set("push.allow_private_addresses", true));

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
