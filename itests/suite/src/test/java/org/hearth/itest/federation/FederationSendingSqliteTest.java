package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Ports;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outbound federation with the queues on the embedded default database, SQLite. */
class FederationSendingSqliteTest extends FederationSendingContract {
    static final int PORT = Ports.free();

    @RegisterExtension
    static HearthServer server = server(c -> configure(c, PORT));

    @Override
    HearthServer server() {
        return server;
    }

    @Override
    int federationPort() {
        return PORT;
    }
}
