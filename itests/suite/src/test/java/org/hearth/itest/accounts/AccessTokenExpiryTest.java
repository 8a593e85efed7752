package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refreshable access tokens expire ({@code accounts.refreshable_access_token_lifetime_ms}): soft
 * logout. The test bundle's clock is moved on instead of waiting for the lifetime to pass.
 */
class AccessTokenExpiryTest {
    private static final long LIFETIME_MS = 3_600_000;

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c
            .set("registration.enabled", true)
            .set("accounts.refreshable_access_token_lifetime_ms", LIFETIME_MS))
            .deploying(TestBundles.echo());

    @Test
    void expiredTokenIsASoftLogoutAndRefreshRevivesTheSession() {
        Await.until("the test clock", Duration.ofSeconds(20), () -> advance(0).status() == 200);
        Accounts.register(server.http(), "una", "pw");
        Accounts.Login login = Accounts.login(server.http(), "una", "pw", true);
        assertEquals(200, login.http().get("/_matrix/client/v3/account/whoami").status());

        assertEquals(200, advance(LIFETIME_MS - 60_000).status());
        assertEquals(200, login.http().get("/_matrix/client/v3/account/whoami").status(), "expired a minute early");
        assertEquals(200, advance(60_000).status());
        Reply expired = login.http().get("/_matrix/client/v3/account/whoami");
        assertEquals(401, expired.status(), expired.text());
        assertEquals("M_UNKNOWN_TOKEN", expired.errcode());
        assertTrue(expired.json().get("soft_logout").asBoolean());

        Reply refreshed = server.http().post("/_matrix/client/v3/refresh", Map.of("refresh_token", login.refreshToken()));
        assertEquals(200, refreshed.status(), refreshed.text());
        assertEquals(LIFETIME_MS, refreshed.json().get("expires_in_ms").asLong());
        Reply me = server.http().as(refreshed.json().get("access_token").asText()).get("/_matrix/client/v3/account/whoami");
        assertEquals(200, me.status());
        // Non-refreshable logins never expire.
        Accounts.Login plain = Accounts.login(server.http(), "una", "pw", false);
        advance(10 * LIFETIME_MS);
        assertEquals(200, plain.http().get("/_matrix/client/v3/account/whoami").status());
    }

    private static Reply advance(long ms) {
        return server.http().post("/_hearth/test/clock", Map.of("advance_ms", ms));
    }
}
