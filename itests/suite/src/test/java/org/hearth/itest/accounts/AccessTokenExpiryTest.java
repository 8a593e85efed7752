package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refreshable access tokens expire ({@code accounts.refreshable_access_token_lifetime_ms}): soft logout. */
class AccessTokenExpiryTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c
            .set("registration.enabled", true)
            .set("accounts.refreshable_access_token_lifetime_ms", 1000));

    @Test
    void expiredTokenIsASoftLogoutAndRefreshRevivesTheSession() {
        Accounts.register(server.http(), "una", "pw");
        Accounts.Login login = Accounts.login(server.http(), "una", "pw", true);
        Await.until("the access token to expire", Duration.ofSeconds(10),
                () -> login.http().get("/_matrix/client/v3/account/whoami").status() == 401);
        Reply expired = login.http().get("/_matrix/client/v3/account/whoami");
        assertEquals("M_UNKNOWN_TOKEN", expired.errcode());
        assertTrue(expired.json().get("soft_logout").asBoolean());

        Reply refreshed = server.http().post("/_matrix/client/v3/refresh", Map.of("refresh_token", login.refreshToken()));
        assertEquals(200, refreshed.status(), refreshed.text());
        assertEquals(1000, refreshed.json().get("expires_in_ms").asLong());
        Reply me = server.http().as(refreshed.json().get("access_token").asText()).get("/_matrix/client/v3/account/whoami");
        assertEquals(200, me.status());
        // Non-refreshable logins never expire.
        Accounts.Login plain = Accounts.login(server.http(), "una", "pw", false);
        assertEquals(200, plain.http().get("/_matrix/client/v3/account/whoami").status());
    }
}
