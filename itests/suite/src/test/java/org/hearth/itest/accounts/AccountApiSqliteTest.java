package org.hearth.itest.accounts;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account endpoints on the embedded default database, SQLite. */
class AccountApiSqliteTest extends AccountApiContract {

    @RegisterExtension
    static HearthServer server = HearthServer.with(Limits::generous);

    @Override
    MatrixHttp http() {
        return server.http();
    }
}
