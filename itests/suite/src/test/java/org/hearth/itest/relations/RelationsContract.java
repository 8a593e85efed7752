package org.hearth.itest.relations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * Relationships between events through the Client-Server API: /relations, /threads and the
 * bundled aggregations of every read path, with history visibility; run once per database.
 */
abstract class RelationsContract {
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract MatrixHttp http();

    private Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet() + "r" + (System.nanoTime() % 10_000), "pw");
    }

    private static String room(Login who, Map<String, Object> body) {
        Reply reply = who.http().post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    private static void join(Login who, String roomId) {
        Reply reply = who.http().post("/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(200, reply.status(), reply.text());
    }

    private static String send(Login who, String roomId, String type, Map<String, Object> content) {
        Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/" + type + "/r" + NEXT.incrementAndGet(),
                content);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("event_id").asText();
    }

    private static String message(Login who, String roomId, String body) {
        return send(who, roomId, "m.room.message", Map.of("msgtype", "m.text", "body", body));
    }

    private static String related(Login who, String roomId, String relType, String parent, String body) {
        return send(who, roomId, "m.room.message", Map.of("msgtype", "m.text", "body", body,
                "m.relates_to", Map.of("rel_type", relType, "event_id", parent)));
    }

    private static String edit(Login who, String roomId, String original, String body) {
        return send(who, roomId, "m.room.message", Map.of("msgtype", "m.text", "body", "* " + body,
                "m.new_content", Map.of("msgtype", "m.text", "body", body),
                "m.relates_to", Map.of("rel_type", "m.replace", "event_id", original)));
    }

    private static String react(Login who, String roomId, String parent, String key) {
        return send(who, roomId, "m.reaction",
                Map.of("m.relates_to", Map.of("rel_type", "m.annotation", "event_id", parent, "key", key)));
    }

    private static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static String relations(String roomId, String eventId) {
        return "/_matrix/client/v1/rooms/" + roomId + "/relations/" + enc(eventId);
    }

    private static JsonNode ok(Reply reply) {
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    private static List<String> ids(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("event_id").asText()));
        return out;
    }

    private static JsonNode event(Login who, String roomId, String eventId) {
        return ok(who.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/" + enc(eventId)));
    }

    private static JsonNode syncTimeline(Login who, String roomId, int limit) {
        String filter = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":" + limit + "}}}", StandardCharsets.UTF_8);
        return ok(who.http().get("/_matrix/client/v3/sync?timeout=0&filter=" + filter)).at("/rooms/join/" + roomId + "/timeline");
    }

    @Test
    void aThreadAnEditAReactionAndAReferenceAreListedAndAggregated() {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = room(alice, Map.of("preset", "public_chat"));
        join(bob, roomId);
        String root = message(alice, roomId, "I like cake");
        String reply1 = related(bob, roomId, "m.thread", root, "me too");
        String reply2 = related(bob, roomId, "m.thread", root, "chocolate?");
        String edit = edit(alice, roomId, root, "I like chocolate cake");
        String forged = edit(bob, roomId, root, "bob cannot edit this");
        String reaction = react(bob, roomId, root, "👍");
        String reference = related(bob, roomId, "m.reference", root, "see above");

        assertEquals(List.of(reference, reaction, forged, edit, reply2, reply1),
                ids(ok(alice.http().get(relations(roomId, root) + "?limit=50")).get("chunk")), "newest first");
        assertEquals(List.of(reply1, reply2),
                ids(ok(alice.http().get(relations(roomId, root) + "/m.thread?dir=f")).get("chunk")), "dir=f");
        assertEquals(List.of(reaction),
                ids(ok(alice.http().get(relations(roomId, root) + "/m.annotation/m.reaction")).get("chunk")));
        assertEquals(List.of(), ids(ok(alice.http().get(relations(roomId, root) + "/m.annotation/m.room.message"))
                .get("chunk")), "the event type narrows");

        JsonNode first = ok(alice.http().get(relations(roomId, root) + "/m.thread?limit=1"));
        assertEquals(List.of(reply2), ids(first.get("chunk")));
        JsonNode second = ok(alice.http().get(relations(roomId, root) + "/m.thread?limit=1&from="
                + first.get("next_batch").asText()));
        assertEquals(List.of(reply1), ids(second.get("chunk")));
        JsonNode third = second.has("next_batch") ? ok(alice.http().get(relations(roomId, root)
                + "/m.thread?limit=1&from=" + second.get("next_batch").asText())) : null;
        assertTrue(third == null || (third.get("chunk").isEmpty() && !third.has("next_batch")), "the end");

        JsonNode seenByBob = event(bob, roomId, root);
        assertEquals("I like cake", seenByBob.at("/content/body").asText(), "the original content stays");
        JsonNode bundle = seenByBob.at("/unsigned/m.relations");
        assertEquals(2, bundle.at("/m.thread/count").asInt(), bundle.toString());
        assertEquals(reply2, bundle.at("/m.thread/latest_event/event_id").asText());
        assertTrue(bundle.at("/m.thread/current_user_participated").asBoolean(), "bob replied");
        assertEquals(edit, bundle.at("/m.replace/event_id").asText(), "only the sender's own edit counts");
        assertEquals(List.of(reference), ids(bundle.at("/m.reference/chunk")));
        assertFalse(bundle.has("m.annotation"), "annotations are not aggregated");

        Login carol = user("carol");
        join(carol, roomId);
        assertFalse(event(carol, roomId, root).at("/unsigned/m.relations/m.thread/current_user_participated").asBoolean());
        assertTrue(event(alice, roomId, root).at("/unsigned/m.relations/m.thread/current_user_participated").asBoolean(),
                "alice sent the root");

        String messages = "/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=50";
        JsonNode rootInPage = null;
        for (JsonNode e : ok(carol.http().get(messages)).get("chunk")) {
            if (root.equals(e.get("event_id").asText())) {
                rootInPage = e;
            }
        }
        assertEquals(2, rootInPage.at("/unsigned/m.relations/m.thread/count").asInt(), "/messages");
        assertEquals(2, ok(carol.http().get("/_matrix/client/v3/rooms/" + roomId + "/context/" + enc(root)))
                .at("/event/unsigned/m.relations/m.thread/count").asInt(), "/context");
        JsonNode rootFound = null;
        for (JsonNode r : ok(carol.http().post("/_matrix/client/v3/search", Map.of("search_categories", Map.of(
                "room_events", Map.of("search_term", "cake", "filter", Map.of("rooms", List.of(roomId)))))))
                .at("/search_categories/room_events/results")) {
            if (root.equals(r.at("/result/event_id").asText())) {
                rootFound = r.get("result");
            }
        }
        assertEquals(2, rootFound.at("/unsigned/m.relations/m.thread/count").asInt(), "/search: " + rootFound);
        assertEquals(edit, rootFound.at("/unsigned/m.relations/m.replace/event_id").asText(), "/search: " + rootFound);
        // /sync bundles aggregations only into a limited timeline (spec "Aggregations of child
        // events"): a whole room's history has none, a page starting at the root has them.
        JsonNode whole = syncTimeline(alice, roomId, 100);
        assertFalse(whole.get("limited").asBoolean(), "the whole room fits in 100 events");
        int fromRoot = 0;
        for (int i = 0; i < whole.get("events").size(); i++) {
            if (root.equals(whole.get("events").get(i).get("event_id").asText())) {
                fromRoot = whole.get("events").size() - i;
                assertFalse(whole.get("events").get(i).at("/unsigned/m.relations").isObject(), "not limited: " + whole);
            }
        }
        JsonNode page = syncTimeline(alice, roomId, fromRoot);
        assertTrue(page.get("limited").asBoolean(), "the room's first events are left out: " + page);
        JsonNode rootInSync = page.get("events").get(0);
        assertEquals(root, rootInSync.get("event_id").asText());
        assertEquals(2, rootInSync.at("/unsigned/m.relations/m.thread/count").asInt(), "/sync: " + page);

        JsonNode threads = ok(alice.http().get("/_matrix/client/v1/rooms/" + roomId + "/threads"));
        assertEquals(List.of(root), ids(threads.get("chunk")));
        assertEquals(reply2, threads.at("/chunk/0/unsigned/m.relations/m.thread/latest_event/event_id").asText());
        assertEquals(List.of(), ids(ok(carol.http().get("/_matrix/client/v1/rooms/" + roomId
                + "/threads?include=participated")).get("chunk")), "carol took no part");
        assertEquals(List.of(root), ids(ok(bob.http().get("/_matrix/client/v1/rooms/" + roomId
                + "/threads?include=participated")).get("chunk")));

        assertEquals(200, bob.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/" + enc(reply2) + "/r"
                + NEXT.incrementAndGet(), Map.of()).status());
        JsonNode afterRedaction = event(alice, roomId, root).at("/unsigned/m.relations/m.thread");
        assertEquals(1, afterRedaction.get("count").asInt(), "a redacted reply leaves the thread");
        assertEquals(reply1, afterRedaction.at("/latest_event/event_id").asText());
        assertEquals(List.of(reply1), ids(ok(alice.http().get(relations(roomId, root) + "/m.thread")).get("chunk")));
    }

    @Test
    void recurseFollowsChildrenOfChildren() {
        Login alice = user("alice");
        String roomId = room(alice, Map.of());
        String root = message(alice, roomId, "root");
        String reply = related(alice, roomId, "m.thread", root, "in the thread");
        String reaction = react(alice, roomId, reply, "🎉");

        JsonNode direct = ok(alice.http().get(relations(roomId, root) + "?recurse=false"));
        assertEquals(List.of(reply), ids(direct.get("chunk")));
        assertEquals(1, direct.get("recursion_depth").asInt());
        JsonNode deep = ok(alice.http().get(relations(roomId, root) + "?recurse=true"));
        assertEquals(List.of(reaction, reply), ids(deep.get("chunk")));
        assertTrue(deep.get("recursion_depth").asInt() >= 3, deep.toString());
        assertFalse(ok(alice.http().get(relations(roomId, root))).has("recursion_depth"), "absent unless asked");
    }

    @Test
    void nothingBeforeAJoinLeaksThroughRelationsOrThreads() {
        Login alice = user("alice");
        Login carol = user("carol");
        String roomId = room(alice, Map.of("preset", "public_chat"));
        assertEquals(200, alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.history_visibility",
                Map.of("history_visibility", "joined")).status());
        String hiddenRoot = message(alice, roomId, "before carol");
        related(alice, roomId, "m.thread", hiddenRoot, "also before carol");
        join(carol, roomId);
        related(alice, roomId, "m.thread", hiddenRoot, "after carol, on a root she may not see");
        String seenRoot = message(alice, roomId, "after carol");
        String seenReply = related(alice, roomId, "m.thread", seenRoot, "she sees this one");

        assertEquals(404, carol.http().get(relations(roomId, hiddenRoot)).status(), "/relations of a hidden event");
        assertEquals(404, carol.http().get(relations(roomId, hiddenRoot) + "/m.thread").status());
        assertEquals(List.of(seenRoot), ids(ok(carol.http().get("/_matrix/client/v1/rooms/" + roomId + "/threads"))
                .get("chunk")), "/threads lists only roots she may see");
        assertEquals(List.of(seenReply), ids(ok(carol.http().get(relations(roomId, seenRoot))).get("chunk")));

        assertEquals(200, carol.http().post("/_matrix/client/v3/rooms/" + roomId + "/leave", Map.of()).status());
        String afterLeave = related(alice, roomId, "m.thread", seenRoot, "after carol left");
        List<String> stillSeen = ids(ok(carol.http().get(relations(roomId, seenRoot))).get("chunk"));
        assertEquals(List.of(seenReply), stillSeen, "nothing after she left");
        JsonNode thread = event(carol, roomId, seenRoot).at("/unsigned/m.relations/m.thread");
        assertEquals(1, thread.get("count").asInt(), "the aggregation counts what she may see: " + thread);
        assertEquals(seenReply, thread.at("/latest_event/event_id").asText());
        assertTrue(event(alice, roomId, seenRoot).at("/unsigned/m.relations/m.thread/latest_event/event_id").asText()
                .equals(afterLeave));

        Login dave = user("dave");
        String privateRoom = room(alice, Map.of("preset", "private_chat"));
        String secret = message(alice, privateRoom, "secret");
        related(alice, privateRoom, "m.thread", secret, "secret reply");
        assertEquals(404, dave.http().get(relations(privateRoom, secret)).status(), "not a member: 404");
        Reply threads = dave.http().get("/_matrix/client/v1/rooms/" + privateRoom + "/threads");
        assertEquals(403, threads.status(), threads.text());
        assertEquals("M_FORBIDDEN", threads.json().get("errcode").asText());
    }

    @Test
    void aSecondIdenticalAnnotationIsRefusedUntilTheFirstIsRedacted() {
        Login alice = user("alice");
        String roomId = room(alice, Map.of());
        String target = message(alice, roomId, "vote");
        String path = "/_matrix/client/v3/rooms/" + roomId + "/send/m.reaction/";
        Map<String, Object> thumbsUp = Map.of("m.relates_to",
                Map.of("rel_type", "m.annotation", "event_id", target, "key", "👍"));
        String first = ok(alice.http().put(path + "vote1", thumbsUp)).get("event_id").asText();
        assertEquals(first, ok(alice.http().put(path + "vote1", thumbsUp)).get("event_id").asText(),
                "a retried transaction gets its event");
        Reply again = alice.http().put(path + "vote2", thumbsUp);
        assertEquals(400, again.status(), again.text());
        assertEquals("M_DUPLICATE_ANNOTATION", again.json().get("errcode").asText());
        react(alice, roomId, target, "👎");
        assertEquals(200, alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/" + enc(first) + "/un",
                Map.of()).status());
        assertEquals(200, alice.http().put(path + "vote3", thumbsUp).status(), "the first one was redacted");
    }

    @Test
    void badParametersAre400() {
        Login alice = user("alice");
        String roomId = room(alice, Map.of());
        String root = message(alice, roomId, "root");
        for (String query : List.of("?dir=x", "?limit=many", "?limit=0", "?recurse=maybe", "?from=nonsense")) {
            Reply reply = alice.http().get(relations(roomId, root) + query);
            assertEquals(400, reply.status(), query + ": " + reply.text());
            assertTrue(reply.json().get("errcode").asText().startsWith("M_"), reply.text());
        }
        Reply include = alice.http().get("/_matrix/client/v1/rooms/" + roomId + "/threads?include=some");
        assertEquals(400, include.status(), include.text());
        assertEquals(404, alice.http().get(relations(roomId, "$nosuchevent")).status());
        assertEquals(200, alice.http().get(relations(roomId, root) + "?limit=100000").status(), "bounded, not refused");
        String reply = related(alice, roomId, "m.thread", root, "in a thread");
        Reply threadOffReply = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/r"
                + NEXT.incrementAndGet(), Map.of("msgtype", "m.text", "body", "no threads in threads",
                "m.relates_to", Map.of("rel_type", "m.thread", "event_id", reply)));
        assertEquals(400, threadOffReply.status(), "Validation of m.thread relationships: " + threadOffReply.text());
        assertEquals("M_UNKNOWN", threadOffReply.json().get("errcode").asText());
    }
}
