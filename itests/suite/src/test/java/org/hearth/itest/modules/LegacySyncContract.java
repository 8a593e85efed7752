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
import org.hearth.testkit.WaitingPolls;
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
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
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

    /** The legacy shape SyTest's 30rooms checks: directory visibility, limit 0, user_id, receipts, members' presence. */
    @Test
    void initialSyncShowsVisibilityReceiptsAndSendersInTheLegacyShape() {
        Login alice = user("alice");
        Login bob = user("bob");
        String listed = createRoom(alice, Map.of("preset", "public_chat", "visibility", "public"));
        String unlisted = createRoom(alice, Map.of("preset", "public_chat"));
        join(bob, listed);
        assertEquals(200, bob.http().put("/_matrix/client/v3/presence/" + bob.userId() + "/status",
                Map.of("presence", "online", "status_msg", "here")).status());
        String message = Users.send(bob, listed, "read me");
        assertEquals(200, alice.http().post("/_matrix/client/v3/rooms/" + listed + "/receipt/m.read/" + message,
                Map.of()).status());

        JsonNode all = get(alice, "/_matrix/client/v3/initialSync");
        assertEquals("public", room(all, listed).get("visibility").asText(), "listed in the directory");
        assertEquals("private", room(all, unlisted).get("visibility").asText());
        JsonNode sent = find(room(all, listed).at("/messages/chunk"), "m.room.message", "read me");
        assertEquals(bob.userId(), sent.get("user_id").asText(), "the sender as user_id: " + sent);
        JsonNode receipt = find(all.get("receipts"), "m.receipt", null);
        assertNotNull(receipt, all.toString());
        assertEquals(listed, receipt.get("room_id").asText());
        assertTrue(receipt.at("/content/" + message.replace("~", "~0").replace("/", "~1") + "/m.read").has(alice.userId()),
                receipt.toString());

        JsonNode none = get(alice, "/_matrix/client/v3/initialSync?limit=0");
        assertEquals(0, room(none, listed).at("/messages/chunk").size(), "limit=0 gives no messages");
        JsonNode one = get(alice, "/_matrix/client/v3/rooms/" + listed + "/initialSync?limit=0");
        assertEquals(0, one.at("/messages/chunk").size());
        JsonNode bobs = null;
        for (JsonNode e : one.get("state")) {
            if ("m.room.member".equals(e.path("type").asText()) && bob.userId().equals(e.path("user_id").asText())) {
                bobs = e;
            }
        }
        assertNotNull(bobs, "member events with user_id: " + one.get("state"));
        JsonNode presence = null;
        for (JsonNode p : one.get("presence")) {
            if (bob.userId().equals(p.at("/content/user_id").asText())) {
                presence = p;
            }
        }
        assertNotNull(presence, one.get("presence").toString());
        assertEquals("here", presence.at("/content/status_msg").asText());

        // Once left, the room's initialSync shows no one's presence (nothing after leaving)
        assertEquals(200, bob.http().post("/_matrix/client/v3/rooms/" + listed + "/leave", Map.of()).status());
        JsonNode left = get(bob, "/_matrix/client/v3/rooms/" + listed + "/initialSync");
        assertEquals("leave", left.get("membership").asText());
        assertEquals(0, left.get("presence").size(), left.toString());
    }

    private static JsonNode room(JsonNode initialSync, String roomId) {
        for (JsonNode room : initialSync.get("rooms")) {
            if (roomId.equals(room.path("room_id").asText())) {
                return room;
            }
        }
        throw new AssertionError(roomId + " not in " + initialSync);
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
    void aLimitThatIsNotANonNegativeNumberIsRefusedBeforeWaiting() {
        Login alice = user("alice");
        String from = get(alice, "/_matrix/client/v3/events?timeout=0").get("end").asText();
        // A long timeout: a limit checked only after the wait would answer 200 a minute later.
        for (String limit : List.of("hello", "-2")) {
            Reply events = alice.http().get("/_matrix/client/v3/events?timeout=60000&from=" + from + "&limit=" + limit);
            assertEquals(400, events.status(), events.text());
            assertEquals("M_INVALID_PARAM", events.errcode());
            assertEquals(400, alice.http().get("/_matrix/client/v3/initialSync?limit=" + limit).status());
        }
        assertEquals(200, alice.http().get("/_matrix/client/v3/events?timeout=0&from=" + from + "&limit=5").status());
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
