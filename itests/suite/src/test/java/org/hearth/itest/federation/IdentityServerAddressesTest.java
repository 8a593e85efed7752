package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default configuration: an identity server a client names at a loopback address is refused
 * before any request reaches it (a user must not make the server reach inside its own network),
 * even one whose certificate the server trusts.
 */
class IdentityServerAddressesTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration()
            .set("identity.ca_file", FederationWireContract.CA.caFile().toString()));

    @Test
    void anIdentityServerAtLoopbackIsRefused() {
        try (PlayedIdentityServer identity = new PlayedIdentityServer(FederationWireContract.CA.issue("localhost"))) {
            Login alice = FederatedRoomsContract.register(server, "alice");
            Reply created = FederatedRoomsContract.as(alice).post("/_matrix/client/v3/createRoom", Map.of());
            String roomId = created.json().path("room_id").asText();
            Reply invite = FederatedRoomsContract.as(alice).post("/_matrix/client/v3/rooms/"
                    + FederatedRoomsContract.enc(roomId) + "/invite", Map.of("id_server", identity.name(),
                    "id_access_token", PlayedIdentityServer.ACCESS_TOKEN, "medium", "email", "address", "a@example.org"));
            assertEquals(400, invite.status(), invite.toString());
            assertEquals("M_SERVER_NOT_TRUSTED", invite.errcode());
            assertTrue(identity.paths().isEmpty(), "reached: " + identity.paths());
        }
    }
}
