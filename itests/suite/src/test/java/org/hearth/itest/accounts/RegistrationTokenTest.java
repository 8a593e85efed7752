package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registration that needs a token ({@code registration.tokens}): the m.login.registration_token stage. */
class RegistrationTokenTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c
            .set("registration.enabled", true)
            .set("registration.tokens", java.util.List.of("letmein")));

    @Test
    void theFlowAsksForAToken() {
        Reply challenge = server.http().post("/_matrix/client/v3/register", Map.of("username", "tina", "password", "pw"));
        assertEquals(401, challenge.status());
        assertEquals("m.login.registration_token", challenge.json().at("/flows/0/stages/0").asText());
        String session = challenge.json().get("session").asText();

        Reply wrong = server.http().post("/_matrix/client/v3/register", Map.of("username", "tina", "password", "pw",
                "auth", Map.of("type", "m.login.registration_token", "token", "guess", "session", session)));
        assertEquals(401, wrong.status());
        assertEquals("M_FORBIDDEN", wrong.errcode());

        Reply dummy = server.http().post("/_matrix/client/v3/register", Map.of("username", "tina", "password", "pw",
                "auth", Map.of("type", "m.login.dummy", "session", session)));
        assertEquals(401, dummy.status(), "the dummy stage is not offered here");

        Reply right = server.http().post("/_matrix/client/v3/register", Map.of("username", "tina", "password", "pw",
                "auth", Map.of("type", "m.login.registration_token", "token", "letmein", "session", session)));
        assertEquals(200, right.status(), right.text());
    }

    @Test
    void validityEndpoint() {
        String base = "/_matrix/client/v1/register/m.login.registration_token/validity?token=";
        assertTrue(server.http().get(base + "letmein").json().get("valid").asBoolean());
        assertFalse(server.http().get(base + "nope").json().get("valid").asBoolean());
    }
}
