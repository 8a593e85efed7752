package org.hearth.itest.rooms;

import static org.hearth.itest.rooms.RoomApiContract.createRoom;
import static org.hearth.itest.rooms.RoomApiContract.enc;
import static org.hearth.itest.rooms.RoomApiContract.post;
import static org.hearth.itest.rooms.RoomApiContract.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * Erasure (Client-Server API, {@code POST /account/deactivate} with {@code erase}): users who join
 * after the request are served redacted copies of the erased user's events on every read path
 * ({@code /sync}, sliding sync, {@code /messages}, {@code /event}, {@code /context},
 * {@code /relations}) and do
 * not find them by searching; users who were there keep the originals. Run once per database by
 * the subclasses.
 */
abstract class ErasureContract {
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract MatrixHttp http();

    private Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet() + "r" + (System.nanoTime() % 10_000), "pw");
    }

    /** Deactivates through User-Interactive Auth with the password; {@code erase} as given. */
    private static void deactivate(Login who, boolean erase) {
        Reply challenge = post(who, "/_matrix/client/v3/account/deactivate", Map.of());
        assertEquals(401, challenge.status(), challenge.text());
        Map<String, Object> body = new HashMap<>();
        body.put("erase", erase);
        body.put("auth", Map.of("type", "m.login.password", "session", challenge.json().get("session").asText(),
                "password", "pw", "identifier", Map.of("type", "m.id.user", "user", who.userId())));
        Reply done = post(who, "/_matrix/client/v3/account/deactivate", body);
        assertEquals(200, done.status(), done.text());
    }

    /** The event's content on each read path, by path; {@code {}} where it is served redacted. */
    private static Map<String, JsonNode> contents(Login who, String roomId, String eventId) {
        String room = "/_matrix/client/v3/rooms/" + roomId;
        Map<String, JsonNode> out = new HashMap<>();
        Reply event = who.http().get(room + "/event/" + enc(eventId));
        assertEquals(200, event.status(), event.text());
        out.put("/event", event.json().get("content"));
        Reply context = who.http().get(room + "/context/" + enc(eventId) + "?limit=10");
        assertEquals(200, context.status(), context.text());
        out.put("/context", context.json().get("event").get("content"));
        Reply messages = who.http().get(room + "/messages?dir=b&limit=100");
        assertEquals(200, messages.status(), messages.text());
        messages.json().get("chunk").forEach(e -> {
            if (eventId.equals(e.path("event_id").asText())) {
                out.put("/messages", e.get("content"));
            }
        });
        String filter = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":100}}}", StandardCharsets.UTF_8);
        Reply sync = who.http().get("/_matrix/client/v3/sync?timeout=0&filter=" + filter);
        assertEquals(200, sync.status(), sync.text());
        sync.json().at("/rooms/join/" + roomId + "/timeline/events").forEach(e -> {
            if (eventId.equals(e.path("event_id").asText())) {
                out.put("/sync", e.get("content"));
            }
        });
        Reply sliding = post(who, "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync?timeout=0",
                Map.of("conn_id", "erasure" + NEXT.incrementAndGet(), "room_subscriptions",
                        Map.of(roomId, Map.of("timeline_limit", 100, "required_state", List.of()))));
        assertEquals(200, sliding.status(), sliding.text());
        sliding.json().at("/rooms/" + roomId + "/timeline").forEach(e -> {
            if (eventId.equals(e.path("event_id").asText())) {
                out.put("sliding sync", e.get("content"));
            }
        });
        assertEquals(5, out.size(), "the event on every read path: " + out.keySet());
        return out;
    }

    /** The IDs of the events a search for the word finds. */
    private static List<String> searched(Login who, String word) {
        Reply reply = post(who, "/_matrix/client/v3/search",
                Map.of("search_categories", Map.of("room_events", Map.of("search_term", word))));
        assertEquals(200, reply.status(), reply.text());
        List<String> ids = new ArrayList<>();
        reply.json().at("/search_categories/room_events/results").forEach(r -> ids.add(r.at("/result/event_id").asText()));
        return ids;
    }

    /** The content of the one child of {@code parent} that /relations lists. */
    private static JsonNode child(Login who, String roomId, String parent) {
        Reply reply = who.http().get("/_matrix/client/v1/rooms/" + roomId + "/relations/" + enc(parent));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(1, reply.json().get("chunk").size(), reply.text());
        return reply.json().at("/chunk/0/content");
    }

    private static void assertEverywhere(Map<String, JsonNode> contents, String body) {
        contents.forEach((path, content) -> assertEquals(body, content.path("body").asText(null),
                path + ": " + content));
    }

    @Test
    void onlyUsersWhoWereThereSeeAnErasedUsersMessages() {
        Login alice = user("erased");
        Login bob = user("member");
        Login carol = user("joiner");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        String message = send(alice, roomId, "body1");
        String root = send(bob, roomId, "root");
        Reply reply = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/thread" + NEXT.incrementAndGet(),
                Map.of("msgtype", "m.text", "body", "reply1", "m.relates_to", Map.of("rel_type", "m.thread", "event_id", root)));
        assertEquals(200, reply.status(), reply.text());
        assertEquals(200, post(carol, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        assertEverywhere(contents(carol, roomId, message), "body1");
        assertEquals(List.of(message), searched(carol, "body1"));

        deactivate(alice, true);

        assertEverywhere(contents(bob, roomId, message), "body1");
        assertEquals("reply1", child(bob, roomId, root).path("body").asText(), "bob was there");
        assertEquals(List.of(message), searched(bob, "body1"));
        contents(carol, roomId, message).forEach((path, content) ->
                assertEquals("{}", content.toString(), path + ": redacted for a user who joined after it"));
        assertEquals("{}", child(carol, roomId, root).toString(), "/relations");
        assertEquals(List.of(), searched(carol, "body1"), "a redacted copy has no body to find");
    }

    @Test
    void deactivatingWithoutErasureRedactsNothing() {
        Login alice = user("leaving");
        Login carol = user("joiner");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String message = send(alice, roomId, "kept");
        assertEquals(200, post(carol, "/_matrix/client/v3/join/" + roomId, Map.of()).status());

        deactivate(alice, false);

        assertEverywhere(contents(carol, roomId, message), "kept");
    }

    @Test
    void eraseMustBeABoolean() {
        Login alice = user("odd");
        Reply challenge = post(alice, "/_matrix/client/v3/account/deactivate", Map.of("erase", "yes"));
        assertEquals(400, challenge.status(), challenge.text());
        assertEquals("M_BAD_JSON", challenge.json().path("errcode").asText(), challenge.text());
    }
}
