package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.id.ServerName;

/**
 * What key requests about users of other servers get while Hearth does not federate: their
 * server in {@code failures}, as an unreachable server would be (Client-Server API,
 * {@code /keys/query} and {@code /keys/claim}).
 */
final class RemoteServers {
    private RemoteServers() {
    }

    static void unreachable(ObjectNode failures, ServerName server) {
        failures.putObject(server.value()).put("status", 503).put("message", "This server does not federate");
    }
}
