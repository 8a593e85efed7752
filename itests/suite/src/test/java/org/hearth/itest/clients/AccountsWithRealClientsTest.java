package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.hearth.testkit.HearthServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** matrix-js-sdk and matrix-nio register, log in, ask whoami and log out. */
class AccountsWithRealClientsTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c
            .set("registration.enabled", true)
            .set("rate_limits.registration.burst", 100)
            .set("rate_limits.login.burst", 100));

    @Test
    void matrixJsSdk() throws Exception {
        ClientScripts.requireJsSdk();
        JsonNode result = new ObjectMapper().readTree(ClientScripts.run(List.of(
                "node", "js/accounts.mjs", server.http().base().toString(), "jsuser", "js password")));
        assertEquals("@jsuser:localhost", result.get("registered").asText());
        assertEquals("@jsuser:localhost", result.get("login").asText());
        assertEquals("@jsuser:localhost", result.get("whoami").asText());
        assertEquals(true, result.get("device").asBoolean());
        assertEquals(2, result.get("devices").asInt(), "the registration's device and the login's");
        assertEquals("M_UNKNOWN_TOKEN", result.get("afterLogout").asText());
    }

    @Test
    void matrixNio() throws Exception {
        ClientScripts.requireNio();
        JsonNode result = new ObjectMapper().readTree(ClientScripts.run(List.of(
                ClientScripts.PYTHON, "nio/accounts.py", server.http().base().toString(), "niouser", "nio password")));
        assertEquals("@niouser:localhost", result.get("registered").asText());
        assertEquals("@niouser:localhost", result.get("login").asText());
        assertEquals("@niouser:localhost", result.get("whoami").asText());
    }
}
