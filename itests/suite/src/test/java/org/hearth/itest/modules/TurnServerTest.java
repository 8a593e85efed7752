package org.hearth.itest.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /voip/turnServer from the voip: section: coturn's time-limited credentials, fixed ones, or 403 without TURN. */
class TurnServerTest {
    private static final String SECRET = "coturn-shared-secret";

    @RegisterExtension
    static HearthServer withSecret = HearthServer.with(c -> c.openRegistration()
            .set("voip.turn_uris", List.of("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"))
            .set("voip.turn_shared_secret", SECRET).set("voip.turn_user_lifetime", 600));

    @RegisterExtension
    static HearthServer withoutTurn = HearthServer.with(TestConfig::openRegistration);

    @Test
    void aSharedSecretGivesCredentialsCoturnAccepts() throws Exception {
        Login alice = Users.user(withSecret.http(), "alice");
        long now = System.currentTimeMillis() / 1000;
        Reply reply = alice.http().get("/_matrix/client/v3/voip/turnServer");
        assertEquals(200, reply.status(), reply.text());
        JsonNode turn = reply.json();
        assertEquals(600, turn.get("ttl").asInt());
        assertEquals(2, turn.get("uris").size());
        String[] name = turn.get("username").asText().split(":", 2);
        assertEquals(alice.userId(), name[1]);
        long expiry = Long.parseLong(name[0]);
        assertTrue(expiry >= now + 600 - 5 && expiry <= now + 600 + 60, "expires after the lifetime: " + expiry);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal(turn.get("username").asText().getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, turn.get("password").asText(), "HMAC-SHA1 of the user name, as coturn checks");
        assertEquals(401, withSecret.http().get("/_matrix/client/v3/voip/turnServer").status());
    }

    @Test
    void withoutTurnTheAnswerIs403SoClientsStopAsking() {
        Login alice = Users.user(withoutTurn.http(), "alice");
        Reply reply = alice.http().get("/_matrix/client/v3/voip/turnServer");
        assertEquals(403, reply.status(), reply.text());
        assertEquals("M_FORBIDDEN", reply.errcode());
    }
}
