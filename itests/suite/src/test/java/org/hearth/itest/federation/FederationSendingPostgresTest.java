package org.hearth.itest.federation;

import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Ports;
import org.hearth.testkit.PostgresDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outbound federation with the queues on PostgreSQL. */
class FederationSendingPostgresTest extends FederationSendingContract {
    static final int PORT = Ports.free();

    @RegisterExtension
    @Order(1)
    static PostgresDatabase db = new PostgresDatabase();

    @RegisterExtension
    @Order(2)
    static HearthServer server = server(c -> configure(c, PORT).database(db));

    @Override
    HearthServer server() {
        return server;
    }

    @Override
    int federationPort() {
        return PORT;
    }
}
