package org.hearth.itest.modules;

import static org.hearth.itest.modules.Users.createRoom;
import static org.hearth.itest.modules.Users.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/** The deprecated /events, /initialSync and /rooms/{roomId}/initialSync, and POST send without a txnId; run once per database. */
abstract class LegacySyncContract {

    abstract MatrixHttp http();

    Login user(String name) {
        return Users.user(http(), name);
    }

    static JsonNode get(Login who, String path) {
        Reply reply = who.http().get(path);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    static JsonNode find(JsonNode events, String type, String body) {
        for (JsonNode e : events) {
            if (type.equals(e.path("type").asText()) && (body == null || body.equals(e.at("/content/body").asText()))) {
                return e;
            }
        }
        return null;
    }

    @Test
    void theEventStreamCarriesMessagesTagsAndPresence() throws Exception {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        join(bob, roomId);
        JsonNode now = get(alice, "/_matrix/client/v3/events?timeout=0");
        assertEquals(0, now.get("chunk").size());
        assertEquals(now.get("start").asText(), now.get("end").asText());
        String from = now.get("end").asText();

        Users.send(bob, roomId, "hello stream");
        assertEquals(200, alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/rooms/" + roomId + "/tags/u.x",
                Map.of()).status());
        assertEquals(200, bob.http().put("/_matrix/client/v3/presence/" + bob.userId() + "/status",
                Map.of("presence", "online")).status());
        JsonNode page = get(alice, "/_matrix/client/v3/events?timeout=0&from=" + from);
        JsonNode message = find(page.get("chunk"), "m.room.message", "hello stream");
        assertNotNull(message, page.toString());
        assertEquals(roomId, message.get("room_id").asText());
        JsonNode tag = find(page.get("chunk"), "m.tag", null);
        assertNotNull(tag, page.toString());
        assertEquals(roomId, tag.get("room_id").asText());
        JsonNode presence = find(page.get("chunk"), "m.presence", null);
        assertNotNull(presence, page.toString());
        assertEquals(bob.userId(), presence.at("/content/user_id").asText());
        assertEquals(from, page.get("start").asText());
        String next = page.get("end").asText();
        assertNotEquals(from, next);

        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(
                () -> get(alice, "/_matrix/client/v3/events?timeout=20000&from=" + next));
        Thread.sleep(300);
        Users.send(bob, roomId, "wake up");
        assertNotNull(find(waiting.get(10, TimeUnit.SECONDS).get("chunk"), "m.room.message", "wake up"));
        assertEquals("M_INVALID_PARAM", alice.http().get("/_matrix/client/v3/events?from=nonsense").errcode());
        assertEquals(401, http().get("/_matrix/client/v3/events").status());
    }

    @Test
    void initialSyncListsRoomsInvitesAndAccountData() {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "name", "Old times"));
        Users.send(alice, roomId, "first words");
        String invited = createRoom(bob, Map.of("invite", List.of(alice.userId())));
        assertEquals(200, alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/org.example.x",
                Map.of("a", 1)).status());

        JsonNode all = get(alice, "/_matrix/client/v3/initialSync?limit=5");
        assertTrue(all.get("end").asText().startsWith("s"));
        JsonNode joined = null;
        JsonNode invite = null;
        for (JsonNode room : all.get("rooms")) {
            if (room.get("room_id").asText().equals(roomId)) {
                joined = room;
            } else if (room.get("room_id").asText().equals(invited)) {
                invite = room;
            }
        }
        assertNotNull(joined, all.toString());
        assertEquals("join", joined.get("membership").asText());
        assertNotNull(find(joined.at("/messages/chunk"), "m.room.message", "first words"));
        assertNotNull(find(joined.get("state"), "m.room.create", null), "the current state");
        assertEquals("Old times", find(joined.get("state"), "m.room.name", null).at("/content/name").asText());
        assertNotNull(invite, all.toString());
        assertEquals("invite", invite.get("membership").asText());
        assertEquals(bob.userId(), invite.at("/invite/sender").asText());
        assertNotNull(find(all.get("account_data"), "org.example.x", null));
        JsonNode own = find(all.get("presence"), "m.presence", null);
        assertNotNull(own, "one's own presence, online by this request: " + all.get("presence"));
        assertEquals("online", own.at("/content/presence").asText());
        assertEquals(alice.userId(), own.at("/content/user_id").asText());

        JsonNode one = get(alice, "/_matrix/client/v3/rooms/" + roomId + "/initialSync");
        assertEquals(roomId, one.get("room_id").asText());
        assertEquals("join", one.get("membership").asText());
        assertNotNull(find(one.at("/messages/chunk"), "m.room.message", "first words"));
    }

    @Test
    void roomInitialSyncIsForbiddenOutsideTheRoom() {
        Login alice = user("alice");
        Login mallory = user("mallory");
        String roomId = createRoom(alice, Map.of("preset", "private_chat"));
        Users.send(alice, roomId, "secret");
        Reply reply = mallory.http().get("/_matrix/client/v3/rooms/" + roomId + "/initialSync");
        assertEquals(403, reply.status(), reply.text());
        assertEquals("M_FORBIDDEN", reply.errcode());
        assertTrue(!reply.text().contains("secret"));
        assertEquals(404, mallory.http().get("/_matrix/client/v3/rooms/!unknown:localhost/initialSync").status());
    }

    @Test
    void postSendWithoutTransactionIdSendsEachTime() {
        Login alice = user("alice");
        String roomId = createRoom(alice, Map.of());
        Map<String, Object> content = Map.of("msgtype", "m.text", "body", "again");
        Reply first = alice.http().post("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message", content);
        Reply second = alice.http().post("/_matrix/client/r0/rooms/" + roomId + "/send/m.room.message", content);
        assertEquals(200, first.status(), first.text());
        assertEquals(200, second.status(), second.text());
        assertNotEquals(first.json().get("event_id").asText(), second.json().get("event_id").asText());
        Login bob = user("bob");
        assertEquals(403, bob.http().post("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message", content).status());
    }
}
