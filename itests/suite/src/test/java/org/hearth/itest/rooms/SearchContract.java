package org.hearth.itest.rooms;

import static org.hearth.itest.rooms.RoomApiContract.createRoom;
import static org.hearth.itest.rooms.RoomApiContract.post;
import static org.hearth.itest.rooms.RoomApiContract.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * Server-side search (Client-Server API, "Server Side Search", {@code room_events}): words found in
 * message bodies, names and topics, only in events the user may see; ordering, pagination,
 * context, groups and state. Run once per database by the subclasses.
 */
abstract class SearchContract extends EchoServerContract {

    private static Reply search(Login who, Map<String, Object> criteria, String nextBatch) {
        String query = nextBatch == null ? "" : "?next_batch=" + URLEncoder.encode(nextBatch, StandardCharsets.UTF_8);
        return who.http().post("/_matrix/client/v3/search" + query, Map.of("search_categories", Map.of("room_events", criteria)));
    }

    private static JsonNode found(Login who, Map<String, Object> criteria) {
        Reply reply = search(who, criteria, null);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().at("/search_categories/room_events");
    }

    private static List<String> ids(JsonNode roomEvents) {
        List<String> out = new ArrayList<>();
        roomEvents.get("results").forEach(r -> out.add(r.at("/result/event_id").asText()));
        return out;
    }

    private static List<String> searchIds(Login who, String term) {
        return ids(found(who, Map.of("search_term", term, "order_by", "recent")));
    }

    private static void setVisibility(Login who, String roomId, String visibility) {
        assertEquals(200, who.http().put(path(roomId) + "/state/m.room.history_visibility",
                Map.of("history_visibility", visibility)).status());
    }

    @Test
    void findsTheWordsInMessagesNamesAndTopicsOfTheUsersRooms() {
        Login alice = user("searcher");
        String word = "zorblax" + unique();
        String roomId = createRoom(alice, Map.of("name", "The " + word + " room", "topic", "all about " + word));
        String first = send(alice, roomId, "The martians of " + word + " are coming");
        send(alice, roomId, "nothing to see");
        String second = send(alice, roomId, "Say hello to the martian from " + word + " again");

        JsonNode messages = found(alice, Map.of("search_term", "Martian " + word, "keys", List.of("content.body"),
                "order_by", "recent"));
        assertEquals(List.of(second, first), ids(messages), "newest first; the stemmed plural matches too");
        assertEquals(2, messages.get("count").asInt());
        assertTrue(messages.get("highlights").toString().contains(word), messages.toString());
        JsonNode result = messages.at("/results/0/result");
        assertEquals(roomId, result.get("room_id").asText());
        assertEquals(alice.userId(), result.get("sender").asText());
        assertTrue(messages.at("/results/0/rank").isNumber());

        List<String> types = new ArrayList<>();
        found(alice, Map.of("search_term", word)).get("results").forEach(r -> types.add(r.at("/result/type").asText()));
        assertTrue(types.containsAll(List.of("m.room.message", "m.room.name", "m.room.topic")), types.toString());
        assertEquals(List.of(second), ids(found(alice, Map.of("search_term", "hello, " + word + "!"))),
                "every word must occur: only the second message has both");
    }

    @Test
    void neverFindsEventsOfRoomsTheUserIsNotIn() {
        Login alice = user("owner");
        Login mallory = user("outsider");
        String word = "quasar" + unique();
        String privateRoom = createRoom(alice, Map.of());
        send(alice, privateRoom, "private " + word);
        String publicRoom = createRoom(alice, Map.of("preset", "public_chat"));
        send(alice, publicRoom, "public " + word);

        assertEquals(List.of(), searchIds(mallory, word), "neither room: mallory never joined either");
        assertEquals(2, searchIds(alice, word).size());
        assertEquals(0, found(mallory, Map.of("search_term", word, "filter", Map.of("rooms", List.of(privateRoom))))
                .get("results").size(), "naming a room in the filter opens nothing");
    }

    @Test
    void underJoinedVisibilityNothingFromBeforeTheJoinNorAfterTheLeave() {
        Login alice = user("host");
        Login bob = user("visitor");
        String word = "nebula" + unique();
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        setVisibility(alice, roomId, "joined");
        String beforeJoin = send(alice, roomId, "before bob " + word);
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        String whileJoined = send(alice, roomId, "while bob is here " + word);
        assertEquals(200, post(bob, path(roomId) + "/leave", Map.of()).status());
        String afterLeave = send(alice, roomId, "after bob left " + word);

        List<String> bobs = searchIds(bob, word);
        assertEquals(List.of(whileJoined), bobs, "before: " + beforeJoin + ", after: " + afterLeave);
        assertEquals(List.of(afterLeave, whileJoined, beforeJoin), searchIds(alice, word));
    }

    @Test
    void aRedactedEventIsNoLongerFound() {
        Login alice = user("redactor");
        String word = "pulsar" + unique();
        String roomId = createRoom(alice, Map.of());
        String kept = send(alice, roomId, "kept " + word);
        String gone = send(alice, roomId, "regretted " + word);
        Reply redact = alice.http().put(path(roomId) + "/redact/" + URLEncoder.encode(gone, StandardCharsets.UTF_8)
                + "/r" + unique(), Map.of());
        assertEquals(200, redact.status(), redact.text());
        assertEquals(List.of(kept), searchIds(alice, word));
    }

    @Test
    void pagesThroughEveryResultInBothOrders() {
        Login alice = user("pager");
        String word = "quark" + unique();
        String roomId = createRoom(alice, Map.of());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(send(alice, roomId, word + " number " + i));
        }
        for (String order : List.of("recent", "rank")) {
            List<String> seen = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                Reply reply = search(alice, Map.of("search_term", word, "order_by", order, "filter", Map.of("limit", 2)), next);
                assertEquals(200, reply.status(), reply.text());
                JsonNode roomEvents = reply.json().at("/search_categories/room_events");
                assertTrue(roomEvents.get("results").size() <= 2);
                seen.addAll(ids(roomEvents));
                next = roomEvents.path("next_batch").isTextual() ? roomEvents.get("next_batch").asText() : null;
                pages++;
            } while (next != null && pages < 10);
            assertEquals(5, seen.size(), order + ": " + seen);
            assertTrue(seen.containsAll(sent), order + ": " + seen);
        }
        Reply wrongOrder = search(alice, Map.of("search_term", word, "order_by", "rank"), "r12");
        assertEquals(400, wrongOrder.status(), "a token of the other ordering");
    }

    @Test
    void givesContextProfilesGroupsAndState() {
        Login alice = user("context");
        Login bob = user("grouped");
        String word = "meteor" + unique();
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "name", "Context room"));
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        String before = send(alice, roomId, "just before");
        String hit = send(bob, roomId, "bob says " + word);
        String after = send(alice, roomId, "just after");

        Map<String, Object> criteria = new HashMap<>();
        criteria.put("search_term", word);
        criteria.put("event_context", Map.of("before_limit", 1, "after_limit", 1, "include_profile", true));
        criteria.put("include_state", true);
        criteria.put("groupings", Map.of("group_by", List.of(Map.of("key", "room_id"), Map.of("key", "sender"))));
        JsonNode roomEvents = found(alice, criteria);
        JsonNode result = roomEvents.at("/results/0");
        assertEquals(hit, result.at("/result/event_id").asText());
        assertEquals(before, result.at("/context/events_before/0/event_id").asText());
        assertEquals(after, result.at("/context/events_after/0/event_id").asText());
        assertTrue(result.at("/context/start").isTextual() && result.at("/context/end").isTextual());
        assertTrue(result.at("/context/profile_info").has(bob.userId()), result.toString());
        assertEquals(hit, roomEvents.at("/groups/room_id/" + roomId.replace("~", "~0").replace("/", "~1") + "/results/0").asText());
        assertEquals(hit, roomEvents.get("groups").get("sender").get(bob.userId()).get("results").get(0).asText());
        boolean named = false;
        for (JsonNode e : roomEvents.get("state").get(roomId)) {
            named |= "m.room.name".equals(e.path("type").asText());
        }
        assertTrue(named, "include_state: the room's state");
        assertNull(roomEvents.get("next_batch"));
    }

    @Test
    void eachRoomsGroupPagesOnThroughThatRoomsResultsAlone() {
        Login alice = user("groups");
        String word = "nebula" + unique();
        String first = createRoom(alice, Map.of());
        String second = createRoom(alice, Map.of());
        List<String> inFirst = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFirst.add(send(alice, first, word + " first " + i));
            send(alice, second, word + " second " + i);
        }
        Map<String, Object> groupings = Map.of("group_by", List.of(Map.of("key", "room_id")));
        for (String order : List.of("recent", "rank")) {
            Map<String, Object> criteria = Map.of("search_term", word, "order_by", order,
                    "filter", Map.of("limit", 3), "groupings", groupings);
            JsonNode page = search(alice, criteria, null).json().at("/search_categories/room_events");
            List<String> seen = new ArrayList<>();
            page.get("results").forEach(r -> {
                if (first.equals(r.at("/result/room_id").asText())) {
                    seen.add(r.at("/result/event_id").asText());
                }
            });
            assertFalse(page.at("/results/0").has("context"), "no event_context was asked for: " + page);
            JsonNode group = page.at("/groups/room_id").get(first);
            String next = group.path("next_batch").asText(null);
            assertTrue(next != null, order + ": the first room has more than this page shows: " + page);
            for (int pages = 0; next != null && pages < 10; pages++) {
                Reply more = search(alice, criteria, next);
                assertEquals(200, more.status(), more.text());
                JsonNode roomEvents = more.json().at("/search_categories/room_events");
                for (JsonNode r : roomEvents.get("results")) {
                    assertEquals(first, r.at("/result/room_id").asText(), order + ": only the group's room: " + roomEvents);
                    seen.add(r.at("/result/event_id").asText());
                }
                JsonNode again = roomEvents.at("/groups/room_id").get(first);
                next = again == null ? null : again.path("next_batch").asText(null);
                assertEquals(next, roomEvents.path("next_batch").asText(null), "the page's own token keeps to the room");
            }
            assertEquals(inFirst.size(), seen.size(), order + ": each of the room's results once: " + seen);
            assertTrue(seen.containsAll(inFirst), order + ": " + seen);
        }
    }

    @Test
    void refusesWhatItCannotSearch() {
        Login alice = user("bounded");
        assertEquals(400, search(alice, Map.of("search_term", "x".repeat(1001)), null).status(), "a term too long");
        assertEquals(400, search(alice, Map.of("search_term", "x", "keys", List.of("content.secret")), null).status());
        assertEquals(400, search(alice, Map.of("search_term", "x", "order_by", "random"), null).status());
        assertEquals(400, search(alice, Map.of("search_term", "x"), "g%%%.k1").status(), "a group token that is not one");
        assertEquals(400, search(alice, Map.of("keys", List.of("content.body")), null).status(), "no search_term");
        Reply noCategory = alice.http().post("/_matrix/client/v3/search", Map.of("search_categories", Map.of()));
        assertEquals(200, noCategory.status(), "room_events is optional: " + noCategory.text());
        Reply noAuth = http().post("/_matrix/client/v3/search", Map.of("search_categories", Map.of()));
        assertEquals(401, noAuth.status());
        assertFalse(noAuth.text().contains("Exception"));
    }
}
