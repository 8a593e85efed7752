package org.hearth.itest.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Client-Server API's "Server administration" endpoints. {@code whois}: a user's devices with
 * where and with which client each was last seen, for admins and the user. Account moderation
 * ("Account locking" v1.12, "Account suspension" v1.13, their endpoints of v1.18): an admin locks an account: its sessions stay, but
 * every request but a logout answers 401 {@code M_USER_LOCKED} with {@code soft_logout}, it gets
 * no new access token, and once unlocked the same tokens work again. An admin suspends an
 * account: it still reads, syncs, leaves and redacts its own events, but joining, inviting,
 * creating rooms, sending and changing its profile answer 403 {@code M_USER_SUSPENDED}.
 */
class ServerAdministrationTest {
    private static final String SECRET = "the shared secret of the lock tests";

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c
            .set("registration.enabled", true)
            .set("registration.shared_secret", SECRET)
            .set("rate_limits.enabled", false));

    private static Login root;

    @BeforeAll
    static void anAdmin() {
        root = Accounts.registerWithSharedSecret(server.http(), SECRET, "root", "root pw", true);
    }

    @Test
    void aLockedAccountCanOnlyLogOutUntilUnlockedAndKeepsItsSessions() {
        Login phone = Accounts.register(server.http(), "bob", "bob pw");
        Login laptop = Accounts.login(server.http(), "bob", "bob pw", false);
        Login tablet = Accounts.login(server.http(), "bob", "bob pw", true);
        Reply before = root.http().get(lock(phone));
        assertEquals(200, before.status(), before.text());
        assertFalse(before.json().get("locked").asBoolean());

        Reply locked = root.http().put(lock(phone), Map.of("locked", true));
        assertEquals(200, locked.status(), locked.text());
        assertTrue(locked.json().get("locked").asBoolean());
        assertTrue(root.http().get(lock(phone)).json().get("locked").asBoolean());

        for (Reply refused : new Reply[] {phone.http().get("/_matrix/client/v3/account/whoami"),
                phone.http().get("/_matrix/client/v3/sync?timeout=0"),
                phone.http().put("/_matrix/client/v3/profile/" + phone.userId() + "/displayname",
                        Map.of("displayname", "Bob while locked"))}) {
            assertEquals(401, refused.status(), refused.text());
            assertEquals("M_USER_LOCKED", refused.errcode());
            assertTrue(refused.json().get("soft_logout").asBoolean(), "the client keeps its session: " + refused);
        }
        Reply login = server.http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", "bob"), "password", "bob pw"));
        assertEquals(401, login.status(), "no new access token while locked: " + login);
        assertEquals("M_USER_LOCKED", login.errcode());
        Reply refresh = server.http().post("/_matrix/client/v3/refresh", Map.of("refresh_token", tablet.refreshToken()));
        assertEquals(401, refresh.status(), "nor a refreshed one: " + refresh);
        assertEquals("M_USER_LOCKED", refresh.errcode());

        Reply logout = laptop.http().post("/_matrix/client/v3/logout", Map.of());
        assertEquals(200, logout.status(), "a locked account may still log out: " + logout);
        assertEquals("M_UNKNOWN_TOKEN", laptop.http().get("/_matrix/client/v3/account/whoami").errcode());

        Reply unlocked = root.http().put(lock(phone), Map.of("locked", false));
        assertEquals(200, unlocked.status(), unlocked.text());
        assertFalse(unlocked.json().get("locked").asBoolean());
        Reply whoami = phone.http().get("/_matrix/client/v3/account/whoami");
        assertEquals(200, whoami.status(), "the session kept through the lock works again: " + whoami);
        assertEquals(phone.userId(), whoami.json().get("user_id").asText());
        assertEquals(200, server.http().post("/_matrix/client/v3/refresh",
                Map.of("refresh_token", tablet.refreshToken())).status());
    }

    @Test
    void onlyAdminsLockOrSuspendOthersWhoAreLocalUsersAndNotAdmins() {
        Login carol = Accounts.register(server.http(), "carol", "carol pw");
        Login dave = Accounts.register(server.http(), "dave", "dave pw");
        Login other = Accounts.registerWithSharedSecret(server.http(), SECRET, "root2", "root2 pw", true);

        Reply notAdmin = carol.http().put(lock(dave), Map.of("locked", true));
        assertEquals(403, notAdmin.status(), notAdmin.text());
        assertEquals("M_FORBIDDEN", notAdmin.errcode());
        assertEquals(403, carol.http().get("/_matrix/client/v1/admin/lock/@nobody:localhost").status(),
                "authorisation comes before the lookup: no way to tell who exists");

        assertEquals("M_NOT_FOUND", root.http().get("/_matrix/client/v1/admin/lock/@nobody:localhost").errcode());
        Reply remote = root.http().get("/_matrix/client/v1/admin/lock/@someone:elsewhere.example");
        assertEquals(400, remote.status(), remote.text());
        assertEquals("M_INVALID_PARAM", remote.errcode());
        assertEquals(403, root.http().put(lock(root), Map.of("locked", true)).status(), "not one's own account");
        assertEquals(403, root.http().put(lock(other), Map.of("locked", true)).status(), "nor another admin's");
        assertEquals(403, root.http().get(lock(other)).status());
        Reply badBody = root.http().put(lock(dave), Map.of("locked", "yes"));
        assertEquals(400, badBody.status(), badBody.text());
        assertEquals("M_BAD_JSON", badBody.errcode());
        assertEquals(403, carol.http().put(suspension(dave), Map.of("suspended", true)).status());
        assertEquals(403, root.http().put(suspension(root), Map.of("suspended", true)).status());
        assertEquals("M_NOT_FOUND", root.http().get("/_matrix/client/v1/admin/suspend/@nobody:localhost").errcode());
        assertEquals(200, dave.http().get("/_matrix/client/v3/account/whoami").status(), "none of that locked dave");
        assertEquals(200, dave.http().put("/_matrix/client/v3/profile/" + dave.userId() + "/displayname",
                Map.of("displayname", "Dave")).status(), "nor suspended him");
    }

    @Test
    void aSuspendedAccountReadsAndLeavesButNeitherJoinsNorSendsNorChangesItsProfile() {
        Login sam = Accounts.register(server.http(), "sam", "sam pw");
        String room = created(root, Map.of("preset", "public_chat"));
        String other = created(root, Map.of("preset", "public_chat"));
        assertEquals(200, sam.http().post("/_matrix/client/v3/join/" + room, Map.of()).status());
        String own = sent(sam, room, "before the suspension");
        String roots = sent(root, room, "the admin's");

        Reply suspended = root.http().put(suspension(sam), Map.of("suspended", true));
        assertEquals(200, suspended.status(), suspended.text());
        assertTrue(suspended.json().get("suspended").asBoolean());
        assertTrue(root.http().get(suspension(sam)).json().get("suspended").asBoolean());

        for (Reply refused : new Reply[] {
                sam.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/s1",
                        Map.of("msgtype", "m.text", "body", "while suspended")),
                sam.http().post("/_matrix/client/v3/rooms/" + room + "/send/m.room.message",
                        Map.of("msgtype", "m.text", "body", "while suspended")),
                sam.http().put("/_matrix/client/v3/rooms/" + room + "/state/m.room.topic", Map.of("topic", "mine")),
                sam.http().post("/_matrix/client/v3/join/" + other, Map.of()),
                sam.http().post("/_matrix/client/v3/rooms/" + other + "/join", Map.of()),
                sam.http().post("/_matrix/client/v3/knock/" + other, Map.of()),
                sam.http().post("/_matrix/client/v3/createRoom", Map.of()),
                sam.http().post("/_matrix/client/v3/rooms/" + room + "/invite", Map.of("user_id", root.userId())),
                sam.http().put("/_matrix/client/v3/profile/" + sam.userId() + "/displayname",
                        Map.of("displayname", "Sam while suspended")),
                sam.http().put("/_matrix/client/v3/rooms/" + room + "/redact/" + roots + "/r1", Map.of())}) {
            assertEquals(403, refused.status(), refused.text());
            assertEquals("M_USER_SUSPENDED", refused.errcode());
        }
        assertEquals(200, sam.http().get("/_matrix/client/v3/sync?timeout=0").status(), "reading goes on");
        assertEquals(200, sam.http().get("/_matrix/client/v3/rooms/" + room + "/messages?dir=b").status());
        assertEquals(200, sam.http().post("/_matrix/client/v3/rooms/" + room + "/receipt/m.read/" + roots, Map.of())
                .status());
        Reply redactOwn = sam.http().put("/_matrix/client/v3/rooms/" + room + "/redact/" + own + "/r2", Map.of());
        assertEquals(200, redactOwn.status(), "one's own events may be redacted: " + redactOwn);
        assertEquals(200, sam.http().post("/_matrix/client/v3/rooms/" + room + "/leave", Map.of()).status());

        assertEquals(200, root.http().put(suspension(sam), Map.of("suspended", false)).status());
        assertEquals(200, sam.http().post("/_matrix/client/v3/join/" + room, Map.of()).status(),
                "lifted: the same session joins again");
        sent(sam, room, "after the suspension");
    }

    @Test
    void capabilitiesTellAdminsTheyMayLockAndSuspendAccounts() {
        Login erin = Accounts.register(server.http(), "erin", "erin pw");
        JsonNode moderation = root.http().get("/_matrix/client/v3/capabilities").json()
                .at("/capabilities/m.account_moderation");
        assertTrue(moderation.get("lock").asBoolean());
        assertTrue(moderation.get("suspend").asBoolean());
        assertTrue(erin.http().get("/_matrix/client/v3/capabilities").json()
                .at("/capabilities/m.account_moderation").isMissingNode(), "left out when the user may do neither");
    }

    @Test
    void whoisShowsEachDeviceWithItsLastAddressAndClient() {
        Login phone = Accounts.register(server.http(), "wendy", "wendy pw");
        Login laptop = Accounts.login(server.http(), "wendy", "wendy pw", false);
        assertEquals(200, laptop.http().get("/_matrix/client/v3/account/whoami").status());

        Reply own = phone.http().get(whois(phone));
        assertEquals(200, own.status(), own.text());
        assertEquals(phone.userId(), own.json().get("user_id").asText());
        for (String device : List.of(phone.deviceId(), laptop.deviceId())) {
            JsonNode connection = own.json().at("/devices/" + device + "/sessions/0/connections/0");
            assertEquals("127.0.0.1", connection.get("ip").asText(), own.text());
            assertTrue(connection.get("last_seen").asLong() > 0, own.text());
            assertTrue(connection.get("user_agent").asText().startsWith("Java-http-client"),
                    "the User-Agent the client sent: " + own.text());
        }
        assertEquals(200, root.http().get(whois(phone)).status(), "an admin looks up anyone local");
        Reply other = Accounts.register(server.http(), "walter", "walter pw").http().get(whois(phone));
        assertEquals(403, other.status(), other.text());
        assertEquals("M_FORBIDDEN", other.errcode());
        assertEquals(404, root.http().get("/_matrix/client/v3/admin/whois/@nobody:localhost").status());
        assertEquals(400, root.http().get("/_matrix/client/v3/admin/whois/@someone:elsewhere.example").status());
    }

    private static String whois(Login user) {
        return "/_matrix/client/v3/admin/whois/" + user.userId();
    }

    private static String lock(Login user) {
        return "/_matrix/client/v1/admin/lock/" + user.userId();
    }

    private static String suspension(Login user) {
        return "/_matrix/client/v1/admin/suspend/" + user.userId();
    }

    private static String created(Login creator, Map<String, Object> body) {
        Reply reply = creator.http().post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    private static String sent(Login sender, String room, String text) {
        Reply reply = sender.http().post("/_matrix/client/v3/rooms/" + room + "/send/m.room.message",
                Map.of("msgtype", "m.text", "body", text));
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("event_id").asText();
    }
}
