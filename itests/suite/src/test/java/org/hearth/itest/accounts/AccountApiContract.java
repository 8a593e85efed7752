package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * The account endpoints of the Client-Server API, happy paths and errors. Run once per database
 * by the subclasses; each test uses its own users.
 */
abstract class AccountApiContract {
    private static final AtomicInteger NEXT = new AtomicInteger();
    static final String PASSWORD = "correct horse battery staple";

    abstract MatrixHttp http();

    static String fresh(String name) {
        return name + NEXT.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    private Map<String, Object> passwordAuth(Login user, String session, String password) {
        return Map.of("type", "m.login.password", "session", session, "password", password,
                "identifier", Map.of("type", "m.id.user", "user", user.userId()));
    }

    @Test
    void registerThroughTheDummyFlow() {
        String name = fresh("alice");
        Reply challenge = http().post("/_matrix/client/v3/register", Map.of("username", name, "password", PASSWORD));
        assertEquals(401, challenge.status(), challenge.text());
        assertEquals("m.login.dummy", challenge.json().at("/flows/0/stages/0").asText());
        String session = challenge.json().get("session").asText();
        assertFalse(challenge.json().has("errcode"), "a first challenge is not an error");

        Reply done = http().post("/_matrix/client/v3/register", Map.of("username", name, "password", PASSWORD,
                "auth", Map.of("type", "m.login.dummy", "session", session),
                "initial_device_display_name", "Phone"));
        assertEquals(200, done.status(), done.text());
        assertEquals("@" + name + ":localhost", done.json().get("user_id").asText());
        assertNotNull(done.json().get("access_token"));
        assertNotNull(done.json().get("device_id"));
        assertFalse(done.json().has("refresh_token"));
    }

    @Test
    void usernameRules() {
        Login taken = Accounts.register(http(), fresh("bob"), PASSWORD);
        String localpart = taken.userId().substring(1, taken.userId().indexOf(':'));
        Reply inUse = http().post("/_matrix/client/v3/register", Map.of("username", localpart, "password", PASSWORD,
                "auth", Map.of("type", "m.login.dummy")));
        assertEquals(400, inUse.status());
        assertEquals("M_USER_IN_USE", inUse.errcode());
        for (String bad : List.of("al ice", "ali:ce", "é", "x".repeat(300))) {
            Reply invalid = http().post("/_matrix/client/v3/register", Map.of("username", bad, "password", PASSWORD,
                    "auth", Map.of("type", "m.login.dummy")));
            assertEquals(400, invalid.status(), bad);
            assertEquals("M_INVALID_USERNAME", invalid.errcode(), bad);
        }
        assertEquals("M_USER_IN_USE", http().get("/_matrix/client/v3/register/available?username=" + localpart).errcode());
        Reply free = http().get("/_matrix/client/v3/register/available?username=" + fresh("free"));
        assertEquals(200, free.status());
        assertTrue(free.json().get("available").asBoolean());
        assertEquals("M_USER_IN_USE", http().get("/_matrix/client/v3/register/available?username="
                + localpart.toUpperCase(java.util.Locale.ROOT)).errcode(), "capitals are the same name");
    }

    @Test
    void capitalsInUserNamesAreLowered() {
        String name = fresh("MixedCase");
        Reply reply = http().post("/_matrix/client/v3/register", Map.of("username", name, "password", PASSWORD,
                "auth", Map.of("type", "m.login.dummy")));
        assertEquals(200, reply.status(), reply.text());
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        assertEquals("@" + lower + ":localhost", reply.json().get("user_id").asText());
        Reply again = http().post("/_matrix/client/v3/register", Map.of("username", lower, "password", PASSWORD,
                "auth", Map.of("type", "m.login.dummy")));
        assertEquals("M_USER_IN_USE", again.errcode(), "the lowered name is taken");
        Accounts.login(http(), name, PASSWORD, false); // logins lower the name too
    }

    @Test
    void theSessionRemembersTheParametersOfTheFirstRequest() {
        String name = fresh("dora");
        Reply challenge = http().post("/_matrix/client/v3/register", Map.of("username", name, "password", PASSWORD,
                "device_id", "XYZZY", "initial_device_display_name", "Laptop"));
        assertEquals(401, challenge.status(), challenge.text());
        Map<String, Object> onlyAuth = Map.of("auth", Map.of("type", "m.login.dummy",
                "session", challenge.json().get("session").asText()));

        Reply done = http().post("/_matrix/client/v3/register", onlyAuth);
        assertEquals(200, done.status(), done.text());
        assertEquals("@" + name + ":localhost", done.json().get("user_id").asText());
        assertEquals("XYZZY", done.json().get("device_id").asText());
        MatrixHttp dora = http().as(done.json().get("access_token").asText());
        assertEquals("Laptop", dora.get("/_matrix/client/v3/devices/XYZZY").json().get("display_name").asText());

        Reply retry = http().post("/_matrix/client/v3/register", onlyAuth);
        assertEquals(200, retry.status(), "a retry of the session gets the same outcome: " + retry.text());
        assertEquals("@" + name + ":localhost", retry.json().get("user_id").asText());
        Accounts.login(http(), name, PASSWORD, false); // the remembered password is the account's
    }

    @Test
    void aSessionAuthorisesOneOperationOnly() {
        String name = fresh("olga");
        Login olga = Accounts.register(http(), name, PASSWORD);
        Login first = Accounts.login(http(), name, PASSWORD, false);
        Login second = Accounts.login(http(), name, PASSWORD, false);
        Reply challenge = olga.http().delete("/_matrix/client/v3/devices/" + first.deviceId());
        assertEquals(401, challenge.status(), challenge.text());
        Reply other = olga.http().send("DELETE", "/_matrix/client/v3/devices/" + second.deviceId(),
                json(Map.of("auth", passwordAuth(olga, challenge.json().get("session").asText(), PASSWORD))),
                "Content-Type", "application/json");
        assertEquals(403, other.status(), other.text());
        assertEquals(200, second.http().get("/_matrix/client/v3/account/whoami").status(), "the device is still there");
    }

    @Test
    void inhibitLoginAfterAChallengeGivesNoDevice() {
        String name = fresh("ivy");
        Reply challenge = http().post("/_matrix/client/v3/register", Map.of("username", name, "password", PASSWORD,
                "inhibit_login", true));
        Reply done = http().post("/_matrix/client/v3/register", Map.of("auth", Map.of("type", "m.login.dummy",
                "session", challenge.json().get("session").asText())));
        assertEquals(200, done.status(), done.text());
        assertEquals("@" + name + ":localhost", done.json().get("user_id").asText());
        assertFalse(done.json().has("device_id"), done.text());
        assertFalse(done.json().has("access_token"), done.text());
    }

    private static byte[] json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void inhibitLoginCreatesNoSession() {
        String name = fresh("carol");
        Reply reply = http().post("/_matrix/client/v3/register", Map.of("username", name, "password", PASSWORD,
                "inhibit_login", true, "auth", Map.of("type", "m.login.dummy")));
        assertEquals(200, reply.status(), reply.text());
        assertFalse(reply.json().has("access_token"));
        assertFalse(reply.json().has("device_id"));
        Accounts.login(http(), name, PASSWORD, false);
    }

    @Test
    void guestsAreRefused() {
        Reply reply = http().post("/_matrix/client/v3/register?kind=guest", Map.of());
        assertEquals(403, reply.status());
    }

    @Test
    void loginWithPassword() {
        String name = fresh("dave");
        Login registered = Accounts.register(http(), name, PASSWORD);
        Reply flows = http().get("/_matrix/client/v3/login");
        assertEquals("m.login.password", flows.json().at("/flows/0/type").asText());

        Login byLocalpart = Accounts.login(http(), name, PASSWORD, false);
        assertEquals(registered.userId(), byLocalpart.userId());
        assertNotEquals(registered.deviceId(), byLocalpart.deviceId(), "each login is a new device");
        assertEquals(registered.userId(), Accounts.login(http(), registered.userId(), PASSWORD, false).userId());
        assertEquals(registered.userId(), Accounts.login(http(), name.toUpperCase(), PASSWORD, false).userId());
        Reply deprecated = http().post("/_matrix/client/v3/login",
                Map.of("type", "m.login.password", "user", name, "password", PASSWORD, "device_id", "MYDEVICE"));
        assertEquals(200, deprecated.status(), deprecated.text());
        assertEquals("MYDEVICE", deprecated.json().get("device_id").asText());
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        String name = fresh("erin");
        Accounts.register(http(), name, PASSWORD);
        Reply wrong = http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", name), "password", "nope"));
        Reply unknown = http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", fresh("nobody")), "password", "nope"));
        assertEquals(403, wrong.status());
        assertEquals("M_FORBIDDEN", wrong.errcode());
        assertEquals(wrong.text(), unknown.text());
        Reply otherServer = http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", "@" + name + ":elsewhere.org"), "password", PASSWORD));
        assertEquals(403, otherServer.status());
        Reply badType = http().post("/_matrix/client/v3/login", Map.of("type", "m.login.magic"));
        assertEquals(400, badType.status());
        Reply missing = http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password", "password", "x"));
        assertEquals("M_MISSING_PARAM", missing.errcode());
    }

    @Test
    void whoamiAndTokenErrors() {
        Login user = Accounts.register(http(), fresh("frank"), PASSWORD);
        Reply me = user.http().get("/_matrix/client/v3/account/whoami");
        assertEquals(200, me.status());
        assertEquals(user.userId(), me.json().get("user_id").asText());
        assertEquals(user.deviceId(), me.json().get("device_id").asText());
        assertEquals(200, http().get("/_matrix/client/v3/account/whoami?access_token=" + user.accessToken()).status());

        Reply missing = http().get("/_matrix/client/v3/account/whoami");
        assertEquals(401, missing.status());
        assertEquals("M_MISSING_TOKEN", missing.errcode());
        Reply unknown = http().as("hth_not_a_token").get("/_matrix/client/v3/account/whoami");
        assertEquals(401, unknown.status());
        assertEquals("M_UNKNOWN_TOKEN", unknown.errcode());
        assertFalse(unknown.json().get("soft_logout").asBoolean());
    }

    @Test
    void logoutRevokesTheTokenAndTheDevice() {
        String name = fresh("gina");
        Login first = Accounts.register(http(), name, PASSWORD);
        Login second = Accounts.login(http(), name, PASSWORD, false);
        assertEquals(200, second.http().post("/_matrix/client/v3/logout", Map.of()).status());
        assertEquals("M_UNKNOWN_TOKEN", second.http().get("/_matrix/client/v3/account/whoami").errcode());
        JsonNode devices = first.http().get("/_matrix/client/v3/devices").json().get("devices");
        assertEquals(1, devices.size(), devices.toString());

        Login third = Accounts.login(http(), name, PASSWORD, false);
        assertEquals(200, third.http().post("/_matrix/client/v3/logout/all", Map.of()).status());
        assertEquals("M_UNKNOWN_TOKEN", first.http().get("/_matrix/client/v3/account/whoami").errcode());
        assertEquals("M_UNKNOWN_TOKEN", third.http().get("/_matrix/client/v3/account/whoami").errcode());
    }

    @Test
    void refreshTokensRotateAsTheSpecSays() {
        String name = fresh("hank");
        Accounts.register(http(), name, PASSWORD);
        Login login = Accounts.login(http(), name, PASSWORD, true);
        assertNotNull(login.refreshToken());

        Reply refreshed = http().post("/_matrix/client/v3/refresh", Map.of("refresh_token", login.refreshToken()));
        assertEquals(200, refreshed.status(), refreshed.text());
        assertTrue(refreshed.json().get("expires_in_ms").asLong() > 0);
        String newAccess = refreshed.json().get("access_token").asText();
        String newRefresh = refreshed.json().get("refresh_token").asText();
        // The old refresh token stays valid until the new tokens are used (a lost answer is retried).
        Reply retried = http().post("/_matrix/client/v3/refresh", Map.of("refresh_token", login.refreshToken()));
        assertEquals(200, retried.status(), retried.text());
        newAccess = retried.json().get("access_token").asText();
        newRefresh = retried.json().get("refresh_token").asText();

        Reply me = http().as(newAccess).get("/_matrix/client/v3/account/whoami");
        assertEquals(200, me.status());
        assertEquals(login.deviceId(), me.json().get("device_id").asText(), "refreshed tokens stay on the device");
        Reply spent = http().post("/_matrix/client/v3/refresh", Map.of("refresh_token", login.refreshToken()));
        assertEquals(401, spent.status());
        assertEquals("M_UNKNOWN_TOKEN", spent.errcode());
        assertEquals("M_UNKNOWN_TOKEN", login.http().get("/_matrix/client/v3/account/whoami").errcode());
        assertEquals(200, http().post("/_matrix/client/v3/refresh", Map.of("refresh_token", newRefresh)).status());
    }

    @Test
    void devicesCanBeListedRenamedAndDeleted() {
        String name = fresh("ivy");
        Login main = Accounts.register(http(), name, PASSWORD);
        Login other = Accounts.login(http(), name, PASSWORD, false);

        JsonNode list = main.http().get("/_matrix/client/v3/devices").json().get("devices");
        assertEquals(2, list.size());
        Reply one = main.http().get("/_matrix/client/v3/devices/" + other.deviceId());
        assertEquals(other.deviceId(), one.json().get("device_id").asText());
        assertEquals(404, main.http().get("/_matrix/client/v3/devices/NOSUCHDEVICE").status());
        assertEquals("M_NOT_FOUND", main.http().put("/_matrix/client/v3/devices/NOSUCHDEVICE",
                Map.of("display_name", "x")).errcode());

        assertEquals(200, main.http().put("/_matrix/client/v3/devices/" + other.deviceId(),
                Map.of("display_name", "Laptop")).status());
        assertEquals("Laptop", main.http().get("/_matrix/client/v3/devices/" + other.deviceId())
                .json().get("display_name").asText());

        Reply challenge = main.http().send("DELETE", "/_matrix/client/v3/devices/" + other.deviceId(), null);
        assertEquals(401, challenge.status());
        assertEquals("m.login.password", challenge.json().at("/flows/0/stages/0").asText());
        String session = challenge.json().get("session").asText();
        Reply wrong = main.http().send("DELETE", "/_matrix/client/v3/devices/" + other.deviceId(),
                json(Map.of("auth", passwordAuth(main, session, "wrong"))));
        assertEquals(401, wrong.status());
        assertEquals("M_FORBIDDEN", wrong.errcode());
        Reply deleted = main.http().send("DELETE", "/_matrix/client/v3/devices/" + other.deviceId(),
                json(Map.of("auth", passwordAuth(main, session, PASSWORD))));
        assertEquals(200, deleted.status(), deleted.text());
        assertEquals("M_UNKNOWN_TOKEN", other.http().get("/_matrix/client/v3/account/whoami").errcode());

        Login third = Accounts.login(http(), name, PASSWORD, false);
        Reply bulkChallenge = main.http().post("/_matrix/client/v3/delete_devices", Map.of("devices", List.of(third.deviceId())));
        assertEquals(401, bulkChallenge.status());
        Reply bulk = main.http().post("/_matrix/client/v3/delete_devices", Map.of("devices", List.of(third.deviceId()),
                "auth", passwordAuth(main, bulkChallenge.json().get("session").asText(), PASSWORD)));
        assertEquals(200, bulk.status(), bulk.text());
        assertEquals("M_UNKNOWN_TOKEN", third.http().get("/_matrix/client/v3/account/whoami").errcode());
    }

    @Test
    void anotherUsersPasswordDoesNotPassAuth() {
        Login mallory = Accounts.register(http(), fresh("mallory"), PASSWORD);
        Login victim = Accounts.register(http(), fresh("victim"), "victim password");
        Reply challenge = victim.http().post("/_matrix/client/v3/account/deactivate", Map.of());
        Reply attempt = victim.http().post("/_matrix/client/v3/account/deactivate", Map.of("auth",
                passwordAuth(mallory, challenge.json().get("session").asText(), PASSWORD)));
        assertEquals(403, attempt.status(), "someone else's password is refused outright: " + attempt.text());
        Reply deleteDevice = victim.http().send("DELETE", "/_matrix/client/v3/devices/" + victim.deviceId(),
                json(Map.of("auth", passwordAuth(mallory, victim.http().delete("/_matrix/client/v3/devices/"
                        + victim.deviceId()).json().get("session").asText(), PASSWORD))), "Content-Type", "application/json");
        assertEquals(403, deleteDevice.status(), deleteDevice.text());
        assertEquals(200, victim.http().get("/_matrix/client/v3/account/whoami").status());
    }

    @Test
    void changingThePasswordLogsOutOtherDevices() {
        String name = fresh("jack");
        Login main = Accounts.register(http(), name, PASSWORD);
        Login other = Accounts.login(http(), name, PASSWORD, false);
        Reply challenge = main.http().post("/_matrix/client/v3/account/password", Map.of("new_password", "new secret"));
        assertEquals(401, challenge.status());
        Reply changed = main.http().post("/_matrix/client/v3/account/password", Map.of("new_password", "new secret",
                "auth", passwordAuth(main, challenge.json().get("session").asText(), PASSWORD)));
        assertEquals(200, changed.status(), changed.text());
        assertEquals(200, main.http().get("/_matrix/client/v3/account/whoami").status(), "this device stays");
        assertEquals("M_UNKNOWN_TOKEN", other.http().get("/_matrix/client/v3/account/whoami").errcode());
        assertEquals(403, http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "user", name, "password", PASSWORD)).status());
        Accounts.login(http(), name, "new secret", false);
    }

    @Test
    void deactivationIsFinal() {
        String name = fresh("kim");
        Login user = Accounts.register(http(), name, PASSWORD);
        Reply challenge = user.http().post("/_matrix/client/v3/account/deactivate", Map.of());
        assertEquals(401, challenge.status());
        Reply done = user.http().post("/_matrix/client/v3/account/deactivate", Map.of("auth",
                passwordAuth(user, challenge.json().get("session").asText(), PASSWORD)));
        assertEquals(200, done.status(), done.text());
        assertEquals("M_UNKNOWN_TOKEN", user.http().get("/_matrix/client/v3/account/whoami").errcode());
        assertEquals(403, http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "user", name, "password", PASSWORD)).status());
        assertEquals("M_USER_IN_USE", http().get("/_matrix/client/v3/register/available?username=" + name).errcode());
    }

    @Test
    void aDeactivatedUserLeavesItsRoomsAndItsInvitesAreRejected() {
        Login owner = Accounts.register(http(), fresh("own"), PASSWORD);
        Login leaver = Accounts.register(http(), fresh("lea"), PASSWORD);
        String hall = owner.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"))
                .json().get("room_id").asText();
        assertEquals(200, leaver.http().post("/_matrix/client/v3/join/" + enc(hall), Map.of()).status());
        String attic = owner.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "private_chat"))
                .json().get("room_id").asText();
        assertEquals(200, owner.http().post("/_matrix/client/v3/rooms/" + enc(attic) + "/invite",
                Map.of("user_id", leaver.userId())).status());

        Reply challenge = leaver.http().post("/_matrix/client/v3/account/deactivate", Map.of());
        assertEquals(200, leaver.http().post("/_matrix/client/v3/account/deactivate", Map.of("auth",
                passwordAuth(leaver, challenge.json().get("session").asText(), PASSWORD))).status());

        for (String room : List.of(hall, attic)) {
            String path = "/_matrix/client/v3/rooms/" + enc(room) + "/state/m.room.member/" + enc(leaver.userId())
                    + "?format=event";
            Await.until(leaver.userId() + " leaves " + room, Duration.ofSeconds(20),
                    () -> "leave".equals(owner.http().get(path).json().path("content").path("membership").asText()));
            assertEquals(leaver.userId(), owner.http().get(path).json().path("sender").asText(), "the user's own leave");
        }
        Reply members = owner.http().get("/_matrix/client/v3/rooms/" + enc(hall) + "/joined_members");
        assertFalse(members.json().path("joined").has(leaver.userId()), members.text());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void capabilities() {
        Login user = Accounts.register(http(), fresh("lee"), PASSWORD);
        Reply reply = user.http().get("/_matrix/client/v3/capabilities");
        assertEquals(200, reply.status());
        assertTrue(reply.json().at("/capabilities/m.change_password/enabled").asBoolean());
        assertEquals(401, http().get("/_matrix/client/v3/capabilities").status());
    }

    @Test
    void legacyR0PathsWork() {
        String name = fresh("r0");
        Accounts.register(http(), name, PASSWORD);
        Reply login = http().post("/_matrix/client/r0/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", name), "password", PASSWORD));
        assertEquals(200, login.status(), login.text());
    }

    private static byte[] json(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
