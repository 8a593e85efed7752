package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthHome;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server with open registration off: only the holder of the shared secret creates accounts
 * (Synapse-compatible endpoint and {@code bin/hearth register-user}); logins are rate limited.
 */
class RegistrationClosedTest {
    private static final String SECRET = "a shared secret for tests";

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c
            .set("registration.shared_secret", SECRET)
            .set("rate_limits.login.per_second", 0.01)
            .set("rate_limits.login.burst", 3));

    @Test
    void guestsAreRefusedUnlessGuestAccessIsOn() {
        Reply reply = server.http().post("/_matrix/client/v3/register?kind=guest", Map.of());
        assertEquals(403, reply.status(), reply.text());
        assertEquals("M_GUEST_ACCESS_FORBIDDEN", reply.errcode());
    }

    @Test
    void openRegistrationIsRefused() {
        Reply reply = server.http().post("/_matrix/client/v3/register",
                Map.of("username", "x", "password", "y", "auth", Map.of("type", "m.login.dummy")));
        assertEquals(403, reply.status());
        assertEquals("M_FORBIDDEN", reply.errcode());
    }

    @Test
    void sharedSecretRegistrationCreatesAnAdmin() {
        String nonce = server.http().get("/_synapse/admin/v1/register").json().get("nonce").asText();
        Reply created = server.http().post("/_synapse/admin/v1/register",
                Accounts.sharedSecretBody(nonce, "root", "pw", true, SECRET));
        assertEquals(200, created.status(), created.text());
        assertEquals("@root:localhost", created.json().get("user_id").asText());

        Reply reused = server.http().post("/_synapse/admin/v1/register",
                Accounts.sharedSecretBody(nonce, "root2", "pw", false, SECRET));
        assertEquals(400, reused.status(), "a nonce works once");
        String fresh = server.http().get("/_synapse/admin/v1/register").json().get("nonce").asText();
        Reply wrongMac = server.http().post("/_synapse/admin/v1/register",
                Accounts.sharedSecretBody(fresh, "root3", "pw", false, "guess"));
        assertEquals(403, wrongMac.status());
        assertEquals("M_FORBIDDEN", wrongMac.errcode());
    }

    @Test
    void sharedSecretRegistrationLowersCapitals() {
        String nonce = server.http().get("/_synapse/admin/v1/register").json().get("nonce").asText();
        Reply created = server.http().post("/_synapse/admin/v1/register",
                Accounts.sharedSecretBody(nonce, "Operator2", "pw", false, SECRET));
        assertEquals(200, created.status(), created.text());
        assertEquals("@operator2:localhost", created.json().get("user_id").asText(), "the MAC covers the name as sent");
    }

    @Test
    void registerUserCommandCreatesAccountsOnTheRunningServer() throws Exception {
        Process process = new ProcessBuilder(HearthHome.get().resolve("bin/hearth").toString(), "register-user",
                "--config", server.config().dir().resolve("hearth.yaml").toString(),
                "--user", "operator", "--password", "op secret", "--admin")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("Registered @operator:localhost (server admin)"), out);
        Accounts.login(server.http(), "operator", "op secret", false);
    }

    @Test
    void loginIsRateLimitedPerAddress() {
        Reply last = null;
        for (int i = 0; i < 5; i++) {
            last = server.http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                    "user", "nobody" + i, "password", "x"));
            if (last.status() == 429) {
                break;
            }
        }
        assertEquals(429, last.status(), last.text());
        assertEquals("M_LIMIT_EXCEEDED", last.errcode());
        assertTrue(last.json().get("retry_after_ms").asLong() > 0);
    }
}
