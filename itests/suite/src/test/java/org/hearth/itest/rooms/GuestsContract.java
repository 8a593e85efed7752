package org.hearth.itest.rooms;

import static org.hearth.itest.rooms.RoomApiContract.createRoom;
import static org.hearth.itest.rooms.RoomApiContract.post;
import static org.hearth.itest.rooms.RoomApiContract.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * Guests (Client-Server API, "Guest Access") on a server with {@code registration.guest_access}:
 * registering as a guest, the endpoints a guest may and may not call, joining only rooms open to
 * guests (and leaving them when they close), upgrading to a full account. Run once per database.
 */
abstract class GuestsContract extends EchoServerContract {

    private Login guest() {
        Reply reply = http().post("/_matrix/client/v3/register?kind=guest", Map.of());
        assertEquals(200, reply.status(), reply.text());
        JsonNode body = reply.json();
        String token = body.get("access_token").asText();
        return new Login(body.get("user_id").asText(), token, body.get("device_id").asText(), null, http().as(token));
    }

    private static void openToGuests(Login admin, String roomId, String guestAccess) {
        assertEquals(200, admin.http().put(path(roomId) + "/state/m.room.guest_access",
                Map.of("guest_access", guestAccess)).status());
    }

    private static String membership(Login who, String roomId, String userId) {
        Reply reply = who.http().get(path(roomId) + "/state/m.room.member/" + userId);
        return reply.status() == 200 ? reply.json().path("membership").asText() : "";
    }

    @Test
    void aGuestRegistersWithoutCredentialsAndIsAGuest() {
        Login guest = guest();
        assertTrue(guest.userId().matches("@[0-9]+:.*"), guest.userId());
        JsonNode whoami = guest.http().get("/_matrix/client/v3/account/whoami").json();
        assertEquals(guest.userId(), whoami.get("user_id").asText());
        assertTrue(whoami.get("is_guest").asBoolean());
        assertFalse(user("real").http().get("/_matrix/client/v3/account/whoami").json().get("is_guest").asBoolean());
        assertEquals(200, guest.http().get("/_matrix/client/v3/sync?timeout=0").status());
        assertEquals(200, guest.http().put("/_matrix/client/v3/profile/" + guest.userId() + "/displayname",
                Map.of("displayname", "Visitor")).status());
    }

    @Test
    void aGuestMayNotCallTheOtherEndpoints() {
        Login guest = guest();
        Login alice = user("host");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        List<Reply> refused = List.of(
                guest.http().post("/_matrix/client/v3/createRoom", Map.of()),
                guest.http().post("/_matrix/client/v3/search",
                        Map.of("search_categories", Map.of("room_events", Map.of("search_term", "x")))),
                guest.http().put("/_matrix/client/v3/profile/" + guest.userId() + "/avatar_url",
                        Map.of("avatar_url", "mxc://x/y")),
                guest.http().post(path(roomId) + "/invite", Map.of("user_id", alice.userId())),
                guest.http().put("/_matrix/client/v3/user/" + guest.userId() + "/account_data/m.x", Map.of()),
                guest.http().get("/_matrix/client/v3/pushrules/"),
                guest.http().post("/_matrix/client/v3/account/password", Map.of("new_password", "x")));
        for (Reply reply : refused) {
            assertEquals(403, reply.status(), reply.text());
            assertEquals("M_GUEST_ACCESS_FORBIDDEN", reply.errcode(), reply.text());
        }
    }

    @Test
    void aGuestJoinsOnlyRoomsOpenToGuestsAndLeavesWhenTheyClose() {
        Login alice = user("host");
        Login guest = guest();
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        Reply closed = post(guest, "/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(403, closed.status(), "public_chat has no m.room.guest_access: closed to guests");
        assertEquals("M_FORBIDDEN", closed.errcode());

        openToGuests(alice, roomId, "can_join");
        assertEquals(200, post(guest, path(roomId) + "/join", Map.of()).status());
        String hello = send(guest, roomId, "hello from a guest");
        assertEquals(200, alice.http().get(path(roomId) + "/event/" + hello).status());
        assertEquals(200, guest.http().get(path(roomId) + "/messages?dir=b").status());

        openToGuests(alice, roomId, "forbidden");
        Await.until("the guest to leave", Duration.ofSeconds(20),
                () -> "leave".equals(membership(alice, roomId, guest.userId())));
        assertEquals(403, post(guest, path(roomId) + "/join", Map.of()).status());
        assertEquals("join", membership(alice, roomId, alice.userId()), "only guests leave");
    }

    @Test
    void aGuestPreviewsOnlyWorldReadableRooms() {
        Login alice = user("host");
        Login guest = guest();
        String open = createRoom(alice, Map.of("preset", "public_chat"));
        assertEquals(200, alice.http().put(path(open) + "/state/m.room.history_visibility",
                Map.of("history_visibility", "world_readable")).status());
        String hello = send(alice, open, "readable by anyone");
        String shared = createRoom(alice, Map.of("preset", "public_chat"));
        send(alice, shared, "members only");

        Reply preview = guest.http().get(path(open) + "/initialSync");
        assertEquals(200, preview.status(), preview.text());
        assertTrue(preview.json().at("/messages/chunk").toString().contains(hello), preview.text());
        assertTrue(preview.json().get("state").toString().contains("m.room.create"));
        assertTrue(preview.json().at("/messages/end").isTextual());
        Reply refused = guest.http().get(path(shared) + "/initialSync");
        assertEquals(403, refused.status(), refused.text());
        assertFalse(refused.text().contains("members only"));
    }

    @Test
    void aGuestUpgradesItsOwnAccountOnly() {
        Login guest = guest();
        Login other = guest();
        String localpart = guest.userId().substring(1, guest.userId().indexOf(':'));
        Reply someoneElses = http().post("/_matrix/client/v3/register", Map.of("username", localpart, "password", "pw",
                "guest_access_token", other.accessToken(), "auth", Map.of("type", "m.login.dummy")));
        assertEquals(403, someoneElses.status(), someoneElses.text());

        Reply upgraded = http().post("/_matrix/client/v3/register", Map.of("username", localpart, "password", "pw!",
                "guest_access_token", guest.accessToken(), "auth", Map.of("type", "m.login.dummy")));
        assertEquals(200, upgraded.status(), upgraded.text());
        assertEquals(guest.userId(), upgraded.json().get("user_id").asText());
        Login full = new Login(guest.userId(), upgraded.json().get("access_token").asText(), null, null,
                http().as(upgraded.json().get("access_token").asText()));
        assertFalse(full.http().get("/_matrix/client/v3/account/whoami").json().get("is_guest").asBoolean());
        assertEquals(200, full.http().post("/_matrix/client/v3/createRoom", Map.of()).status());
        assertFalse(guest.http().get("/_matrix/client/v3/account/whoami").json().get("is_guest").asBoolean(),
                "the guest's own token is a full account's now");
        Reply login = http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", guest.userId()), "password", "pw!"));
        assertEquals(200, login.status(), login.text());
    }
}
