package org.hearth.itest.modules;

import static org.hearth.itest.modules.Users.createRoom;
import static org.hearth.itest.modules.Users.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.WaitingPolls;
import org.junit.jupiter.api.Test;

/** Presence (Client-Server API, "Presence"): set, read, in /sync, only to users sharing a room; run once per database. */
abstract class PresenceContract {

    abstract MatrixHttp http();

    Login user(String name) {
        return Users.user(http(), name);
    }

    static String statusPath(Login who) {
        return "/_matrix/client/v3/presence/" + who.userId() + "/status";
    }

    static JsonNode syncWith(Login who, String since, String setPresence) {
        Reply reply = who.http().get("/_matrix/client/v3/sync?timeout=0&set_presence=" + setPresence
                + (since == null ? "" : "&since=" + since));
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    /** The presence content of {@code of} in a sync answer, or null. */
    static JsonNode presenceOf(JsonNode sync, Login of) {
        for (JsonNode e : sync.at("/presence/events")) {
            if (e.path("sender").asText().equals(of.userId())) {
                assertEquals("m.presence", e.get("type").asText());
                return e.get("content");
            }
        }
        return null;
    }

    @Test
    void aNewStatusReachesRoomMatesOnly() {
        Login alice = user("alice");
        Login bob = user("bob");
        Login carol = user("carol");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        join(bob, roomId);
        assertEquals("offline", bob.http().get(statusPath(alice)).json().get("presence").asText(), "nobody is online before acting");
        String bobSince = syncWith(bob, null, "offline").get("next_batch").asText();
        String carolSince = syncWith(carol, null, "offline").get("next_batch").asText();

        Reply put = alice.http().put(statusPath(alice), Map.of("presence", "online", "status_msg", "In a meeting"));
        assertEquals(200, put.status(), put.text());

        JsonNode seen = presenceOf(syncWith(bob, bobSince, "offline"), alice);
        assertEquals("online", seen.get("presence").asText(), String.valueOf(seen));
        assertEquals("In a meeting", seen.get("status_msg").asText());
        assertTrue(seen.get("last_active_ago").asLong() >= 0);
        assertTrue(seen.get("currently_active").asBoolean());
        assertEquals(null, presenceOf(syncWith(carol, carolSince, "offline"), alice), "carol shares no room with alice");
        assertEquals(null, presenceOf(syncWith(carol, null, "offline"), alice), "not in an initial sync either");

        JsonNode status = bob.http().get(statusPath(alice)).json();
        assertEquals("online", status.get("presence").asText());
        assertEquals("In a meeting", status.get("status_msg").asText());
        Reply forbidden = carol.http().get(statusPath(alice));
        assertEquals(403, forbidden.status(), forbidden.text());
        assertEquals("M_FORBIDDEN", forbidden.errcode());
        assertEquals(200, alice.http().get(statusPath(alice)).status(), "one's own presence");
    }

    @Test
    void aSyncSetsPresenceAndWakesRoomMates() throws Exception {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        join(bob, roomId);
        syncWith(alice, null, "offline");
        String since = syncWith(bob, null, "offline").get("next_batch").asText();
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> bob.http()
                .get("/_matrix/client/v3/sync?set_presence=offline&timeout=20000&since=" + since).json());
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
        JsonNode own = syncWith(alice, null, "online");
        assertEquals("online", presenceOf(own, alice).get("presence").asText(), "a user sees their own presence");
        assertEquals("online", presenceOf(waiting.get(10, TimeUnit.SECONDS), alice).get("presence").asText());

        String next = syncWith(bob, null, "offline").get("next_batch").asText();
        syncWith(alice, null, "unavailable");
        assertEquals("unavailable", presenceOf(syncWith(bob, next, "offline"), alice).get("presence").asText());
        assertEquals("unavailable", bob.http().get(statusPath(alice)).json().get("presence").asText());
    }

    /** A user who came to share a room is new to the client: their presence comes with the join, changed or not. */
    @Test
    void aJoinBringsThePresenceOfThoseNowSharingARoom() {
        Login alice = user("alice");
        Login bob = user("bob");
        assertEquals(200, alice.http().put(statusPath(alice), Map.of("presence", "online", "status_msg", "in")).status());
        assertEquals(200, bob.http().put(statusPath(bob), Map.of("presence", "online", "status_msg", "out")).status());
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String bobSince = syncWith(bob, null, "offline").get("next_batch").asText();
        String aliceSince = syncWith(alice, null, "offline").get("next_batch").asText();
        assertEquals(null, presenceOf(syncWith(bob, null, "offline"), alice), "no room shared yet");

        join(bob, roomId);
        JsonNode bobs = syncWith(bob, bobSince, "offline");
        assertEquals("in", presenceOf(bobs, alice).path("status_msg").asText(), "the joiner gets the members' presence");
        JsonNode alices = syncWith(alice, aliceSince, "offline");
        assertEquals("out", presenceOf(alices, bob).path("status_msg").asText(), "the members get the joiner's");
        assertEquals(null, presenceOf(syncWith(bob, bobs.get("next_batch").asText(), "offline"), alice),
                "only once: nothing changed since");
    }

    /**
     * A user who never syncs (a bot) has their rooms held once a room-mate's sync asked about them;
     * what is held must follow their leaving, or a former room-mate would go on seeing their presence.
     */
    @Test
    void aRoomMateWhoLeftIsNoLongerShown() {
        Login bot = user("bot");
        Login bob = user("bob");
        String roomId = createRoom(bot, Map.of("preset", "public_chat"));
        join(bob, roomId);
        String since = syncWith(bob, null, "offline").get("next_batch").asText();
        assertEquals(200, bot.http().put(statusPath(bot), Map.of("presence", "online", "status_msg", "here")).status());
        JsonNode sharing = syncWith(bob, since, "offline");
        assertEquals("here", presenceOf(sharing, bot).path("status_msg").asText(), "a room-mate's presence");

        Reply left = bot.http().post("/_matrix/client/v3/rooms/" + roomId + "/leave", Map.of());
        assertEquals(200, left.status(), left.text());
        assertEquals(200, bot.http().put(statusPath(bot), Map.of("presence", "online", "status_msg", "gone")).status());
        assertEquals(null, presenceOf(syncWith(bob, sharing.get("next_batch").asText(), "offline"), bot),
                "no room shared any more");
    }

    @Test
    void badPresenceIsRefused() {
        Login alice = user("alice");
        Login bob = user("bob");
        assertEquals("M_INVALID_PARAM", alice.http().put(statusPath(alice), Map.of("presence", "asleep")).errcode());
        assertEquals("M_MISSING_PARAM", alice.http().put(statusPath(alice), Map.of("status_msg", "x")).errcode());
        assertEquals("M_INVALID_PARAM", alice.http().put(statusPath(alice),
                Map.of("presence", "online", "status_msg", "x".repeat(1001))).errcode());
        assertEquals("M_INVALID_PARAM", alice.http().get("/_matrix/client/v3/sync?set_presence=away").errcode());
        Reply other = bob.http().put(statusPath(alice), Map.of("presence", "offline"));
        assertEquals(403, other.status(), other.text());
        String server = alice.userId().substring(alice.userId().indexOf(':') + 1);
        assertEquals(404, alice.http().get("/_matrix/client/v3/presence/@nobody-here:" + server + "/status").status());
        assertFalse(alice.http().get(statusPath(alice)).json().has("status_msg"));
    }
}
