package org.hearth.itest.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * {@code /sync} with filters (Client-Server API, "Filtering", "Lazy-loading room members") and
 * the sections of rooms the user joined or left; run once per database by the subclasses.
 */
abstract class SyncFiltersContract {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final AtomicInteger TXN = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract MatrixHttp http();

    Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet() + "s" + (System.nanoTime() % 10_000), "pw");
    }

    static String createRoom(Login who, Map<String, Object> body) {
        Reply reply = who.http().post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    static String send(Login who, String roomId, String body) {
        Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/f"
                + TXN.incrementAndGet(), Map.of("msgtype", "m.text", "body", body));
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("event_id").asText();
    }

    static void putState(Login who, String roomId, String type, String key, Map<String, Object> content) {
        Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/" + type + "/" + key, content);
        assertEquals(200, reply.status(), reply.text());
    }

    static void join(Login who, String roomId) {
        Reply reply = who.http().post("/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(200, reply.status(), reply.text());
    }

    /** A sync with an inline filter; {@code since} null for an initial sync. */
    static JsonNode sync(Login who, Object filter, String since) {
        Reply reply = who.http().get("/_matrix/client/v3/sync?filter=" + enc(json(filter))
                + (since == null ? "" : "&since=" + since));
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static JsonNode room(JsonNode sync, String section, String roomId) {
        return sync.path("rooms").path(section).path(roomId);
    }

    static List<String> types(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("type").asText()));
        return out;
    }

    static Set<String> members(JsonNode events) {
        Set<String> out = new TreeSet<>();
        events.forEach(e -> {
            if ("m.room.member".equals(e.get("type").asText())) {
                out.add(e.get("state_key").asText());
            }
        });
        return out;
    }

    @Test
    void timelineAndStateFiltersByType() {
        Login alice = user("typed");
        String roomId = createRoom(alice, Map.of("name", "Filtered"));
        putState(alice, roomId, "a.madeup.state", "", Map.of("k", 1));
        send(alice, roomId, "noise");
        JsonNode joined = room(sync(alice, Map.of("room", Map.of(
                "timeline", Map.of("types", List.of("a.madeup.state")),
                "state", Map.of("types", List.of("a.madeup.state", "m.room.name")))), null), "join", roomId);
        assertEquals(List.of("a.madeup.state"), types(joined.at("/timeline/events")), joined.toString());
        assertEquals(List.of("m.room.name"), types(joined.at("/state/events")),
                "the state filter holds, and timeline events are not repeated in the state");

        JsonNode notMembers = room(sync(alice, Map.of("room", Map.of("timeline", Map.of("types", List.of("*"),
                "not_types", List.of("m.room.member", "a.made*")))), null), "join", roomId);
        List<String> kept = types(notMembers.at("/timeline/events"));
        assertTrue(kept.contains("m.room.message") && kept.contains("m.room.name"), kept.toString());
        assertFalse(kept.contains("m.room.member") || kept.contains("a.madeup.state"), "not_types wins: " + kept);
    }

    @Test
    void sendersAndRoomsFilters() {
        Login alice = user("sender");
        Login bob = user("other");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String quiet = createRoom(alice, Map.of());
        join(bob, roomId);
        send(alice, roomId, "from alice");
        send(bob, roomId, "from bob");
        JsonNode sync = sync(alice, Map.of("room", Map.of("not_rooms", List.of(quiet),
                "timeline", Map.of("senders", List.of(bob.userId())))), null);
        assertFalse(sync.at("/rooms/join").has(quiet), "not_rooms leaves the room out");
        JsonNode timeline = room(sync, "join", roomId).at("/timeline/events");
        timeline.forEach(e -> assertEquals(bob.userId(), e.get("sender").asText(), timeline.toString()));
        assertEquals(2, timeline.size(), "bob's join and message: " + timeline);
        JsonNode only = sync(alice, Map.of("room", Map.of("rooms", List.of(quiet))), null);
        assertEquals(Set.of(quiet), fieldNames(only.at("/rooms/join")));
    }

    static Set<String> fieldNames(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void aTimelineLimitOfZeroSendsOnlyState() {
        Login alice = user("zero");
        String roomId = createRoom(alice, Map.of());
        send(alice, roomId, "unseen");
        JsonNode joined = room(sync(alice, Map.of("room", Map.of("timeline", Map.of("limit", 0),
                "state", Map.of("types", List.of("m.room.member")))), null), "join", roomId);
        assertEquals(0, joined.at("/timeline/events").size(), joined.toString());
        assertTrue(joined.at("/timeline/limited").asBoolean());
        assertEquals(List.of("m.room.member"), types(joined.at("/state/events")));
    }

    @Test
    void federationFormat() {
        Login alice = user("fed");
        String roomId = createRoom(alice, Map.of());
        String message = send(alice, roomId, "as stored");
        JsonNode timeline = room(sync(alice, Map.of("event_format", "federation",
                "room", Map.of("timeline", Map.of("limit", 1))), null), "join", roomId).at("/timeline/events");
        JsonNode event = timeline.get(0);
        assertEquals(message, event.get("event_id").asText(), timeline.toString());
        for (String key : List.of("room_id", "sender", "origin_server_ts", "prev_events", "auth_events", "depth",
                "hashes", "signatures", "content")) {
            assertTrue(event.has(key), key + " in " + event);
        }
        assertEquals("as stored", event.at("/content/body").asText());
        JsonNode client = room(sync(alice, Map.of("room", Map.of("timeline", Map.of("limit", 1))), null), "join",
                roomId).at("/timeline/events/0");
        assertFalse(client.has("hashes"), "the client format stays the default");
    }

    @Test
    void aFilterOfTheWrongShapeIsRefused() {
        Login alice = user("shape");
        String filters = "/_matrix/client/v3/user/" + alice.userId() + "/filter";
        for (Object bad : List.of(
                Map.of("room", Map.of("state", Map.of("lazy_load_members", "true"))),
                Map.of("room", Map.of("state", Map.of("include_redundant_members", 1))),
                Map.of("room", Map.of("timeline", Map.of("limit", "ten"))),
                Map.of("room", Map.of("timeline", Map.of("types", "m.room.message"))),
                Map.of("room", Map.of("not_rooms", List.of(1))),
                Map.of("room", Map.of("rooms", List.of("not a room ID"))),
                Map.of("room", Map.of("timeline", Map.of("rooms", "not a list"))),
                Map.of("room", Map.of("timeline", Map.of("not_rooms", List.of("#alias:not.a.room.id")))),
                Map.of("room", Map.of("timeline", Map.of("senders", List.of("not a user ID")))),
                Map.of("room", Map.of("state", Map.of("not_senders", List.of("@")))),
                Map.of("event_format", "xml"),
                Map.of("room", "everything"))) {
            Reply stored = alice.http().post(filters, bad);
            assertEquals(400, stored.status(), json(bad) + ": " + stored.text());
            assertEquals("M_BAD_JSON", stored.errcode());
            Reply inline = alice.http().get("/_matrix/client/v3/sync?filter=" + enc(json(bad)));
            assertEquals(400, inline.status(), json(bad));
        }
        Reply good = alice.http().post(filters, Map.of("room", Map.of("state", Map.of("lazy_load_members", true))));
        assertEquals(200, good.status(), good.text());
        Reply ids = alice.http().post(filters, Map.of("room", Map.of("rooms", List.of("!room:example.org"),
                "timeline", Map.of("senders", List.of(alice.userId()), "not_rooms", List.of("!other:example.org")))));
        assertEquals(200, ids.status(), ids.text());
        Reply byId = alice.http().get("/_matrix/client/v3/sync?filter=" + good.json().get("filter_id").asText());
        assertEquals(200, byId.status());
    }

    private static final Map<String, Object> LAZY = Map.of("room", Map.of(
            "state", Map.of("lazy_load_members", true), "timeline", Map.of("limit", 3)));

    @Test
    void lazyMembersInIncrementalSyncs() {
        Login alice = user("lazy");
        Login bob = user("talker");
        Login carol = user("late");
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "name", "Lazy"));
        join(bob, roomId);
        join(carol, roomId);
        for (int i = 0; i < 3; i++) {
            send(bob, roomId, "bob " + i);
        }
        JsonNode first = sync(alice, LAZY, null);
        assertEquals(Set.of(alice.userId(), bob.userId()), members(room(first, "join", roomId).at("/state/events")));

        send(carol, roomId, "carol speaks");
        JsonNode second = sync(alice, LAZY, first.get("next_batch").asText());
        assertEquals(List.of("m.room.member"), types(room(second, "join", roomId).at("/state/events")), second.toString());
        assertEquals(Set.of(carol.userId()), members(room(second, "join", roomId).at("/state/events")));

        send(carol, roomId, "carol again");
        JsonNode third = sync(alice, LAZY, second.get("next_batch").asText());
        assertEquals(Set.of(), members(room(third, "join", roomId).at("/state/events")), "already sent to this device");

        Map<String, Object> redundant = Map.of("room", Map.of("state", Map.of("lazy_load_members", true,
                "include_redundant_members", true), "timeline", Map.of("limit", 3)));
        send(carol, roomId, "carol once more");
        JsonNode fourth = sync(alice, redundant, third.get("next_batch").asText());
        assertEquals(Set.of(carol.userId()), members(room(fourth, "join", roomId).at("/state/events")));
        JsonNode nothing = sync(alice, LAZY, fourth.get("next_batch").asText());
        assertFalse(nothing.at("/rooms/join").has(roomId), "no news, no room: " + nothing);
    }

    @Test
    void aGappedLazySyncHasTheGapsStateChanges() {
        Login alice = user("gap");
        Login bob = user("filler");
        Login dave = user("joiner");
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "name", "Gappy"));
        join(bob, roomId);
        send(bob, roomId, "before");
        JsonNode first = sync(alice, LAZY, null);
        join(dave, roomId);
        putState(alice, roomId, "m.room.topic", "", Map.of("topic", "changed in the gap"));
        for (int i = 0; i < 5; i++) {
            send(bob, roomId, "filler " + i);
        }
        JsonNode gapped = room(sync(alice, LAZY, first.get("next_batch").asText()), "join", roomId);
        assertTrue(gapped.at("/timeline/limited").asBoolean(), gapped.toString());
        JsonNode state = gapped.at("/state/events");
        assertTrue(types(state).contains("m.room.topic"), "a state change in the gap: " + state);
        assertFalse(types(state).contains("m.room.create"), "what did not change is not sent again: " + state);
        assertEquals(Set.of(dave.userId()), members(state), "dave joined in the gap; bob was already sent");
    }

    /**
     * Incremental syncs just behind a room's head (what a woken long poll asks, answered from the
     * recent events in memory) show redactions, leave out ignored users and say when limited.
     */
    @Test
    void syncsJustBehindTheHeadShowRedactionsIgnoredUsersAndLimits() {
        Login alice = user("head");
        Login bob = user("reader");
        Login carol = user("ignored");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        join(bob, roomId);
        join(carol, roomId);
        assertEquals(200, bob.http().put("/_matrix/client/v3/user/" + bob.userId() + "/account_data/m.ignored_user_list",
                Map.of("ignored_users", Map.of(carol.userId(), Map.of()))).status());
        String since = sync(bob, Map.of(), null).get("next_batch").asText();
        String first = send(alice, roomId, "soon redacted");
        JsonNode beforeRedaction = room(sync(bob, Map.of(), since), "join", roomId);
        assertEquals("soon redacted", beforeRedaction.at("/timeline/events/0/content/body").asText(),
                beforeRedaction.toString());
        Reply redacted = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/" + first + "/r"
                + TXN.incrementAndGet(), Map.of());
        assertEquals(200, redacted.status(), redacted.text());
        send(carol, roomId, "from an ignored user");
        String last = send(alice, roomId, "after");

        JsonNode timeline = room(sync(bob, Map.of(), since), "join", roomId).path("timeline");
        List<String> ids = new ArrayList<>();
        timeline.path("events").forEach(e -> ids.add(e.get("event_id").asText()));
        assertEquals(first, ids.get(0), timeline.toString());
        assertTrue(timeline.at("/events/0/content").isEmpty(), "the redacted event is sent redacted: " + timeline);
        assertEquals(last, ids.get(ids.size() - 1), timeline.toString());
        assertEquals(List.of("m.room.message", "m.room.redaction", "m.room.message"), types(timeline.path("events")),
                "nothing of the ignored user: " + timeline);
        assertFalse(timeline.path("limited").asBoolean(), timeline.toString());

        JsonNode limited = room(sync(bob, Map.of("room", Map.of("timeline", Map.of("limit", 1))), since), "join",
                roomId).path("timeline");
        assertEquals(1, limited.path("events").size(), limited.toString());
        assertEquals(last, limited.at("/events/0/event_id").asText(), limited.toString());
        assertTrue(limited.path("limited").asBoolean(), limited.toString());
        assertTrue(limited.has("prev_batch"), limited.toString());
    }

    @Test
    void aNewlyLeftRoomCarriesOnlyWhatHappenedUntilTheLeave() {
        Login alice = user("stayer");
        Login bob = user("leaver");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        join(bob, roomId);
        String since = sync(bob, Map.of(), null).get("next_batch").asText();
        send(alice, roomId, "before bob leaves");
        assertEquals(200, bob.http().post("/_matrix/client/v3/rooms/" + roomId + "/leave", Map.of()).status());
        send(alice, roomId, "after bob left");
        JsonNode left = room(sync(bob, Map.of(), since), "leave", roomId);
        List<String> timeline = types(left.at("/timeline/events"));
        assertEquals(List.of("m.room.message", "m.room.member"), timeline, left.toString());
        assertEquals(0, left.at("/state/events").size(), "the client has the state: " + left);

        JsonNode archived = room(sync(bob, Map.of("room", Map.of("include_leave", true,
                "timeline", Map.of("limit", 2))), null), "leave", roomId);
        assertTrue(types(archived.at("/state/events")).contains("m.room.create"),
                "an initial sync gives a left room's whole state: " + archived);
    }

    /**
     * A room joined since the token comes from its beginning, limited even when all of its history
     * fits ("Syncing"; as Synapse): the client has no timeline of it to continue. An initial sync
     * of the same room is not limited, and prev_batch of either pages back into the history.
     */
    @Test
    void aRoomJoinedSinceTheTokenHasALimitedTimeline() {
        Login alice = user("host");
        Login bob = user("newcomer");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        send(alice, roomId, "before the token");
        Map<String, Object> messages = Map.of("room", Map.of("timeline",
                Map.of("types", List.of("m.room.message"), "limit", 10)));
        String since = sync(bob, messages, null).get("next_batch").asText();
        send(alice, roomId, "after the token");
        join(bob, roomId);
        JsonNode timeline = room(sync(bob, messages, since), "join", roomId).path("timeline");
        assertEquals(2, timeline.path("events").size(), "the room's whole history fits: " + timeline);
        assertTrue(timeline.path("limited").asBoolean(), "a newly joined room starts afresh: " + timeline);

        JsonNode initial = room(sync(bob, messages, null), "join", roomId).path("timeline");
        assertEquals(2, initial.path("events").size(), initial.toString());
        assertFalse(initial.path("limited").asBoolean(), "an initial sync with the whole history: " + initial);
        Reply back = bob.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=10&from="
                + enc(timeline.path("prev_batch").asText()));
        assertEquals(200, back.status(), back.text());
        assertTrue(back.text().contains("before the token"), "prev_batch pages back into the history: " + back.text());
    }

    @Test
    void heroesOnlyForRoomsWithoutAName() {
        Login alice = user("hero");
        Login bob = user("sidekick");
        String named = createRoom(alice, Map.of("preset", "public_chat", "name", "Has a name"));
        String unnamed = createRoom(alice, Map.of("preset", "public_chat"));
        join(bob, named);
        join(bob, unnamed);
        JsonNode sync = sync(alice, LAZY, null);
        JsonNode namedSummary = room(sync, "join", named).get("summary");
        assertFalse(namedSummary.has("m.heroes"), namedSummary.toString());
        assertEquals(2, namedSummary.get("m.joined_member_count").asInt());
        JsonNode unnamedSummary = room(sync, "join", unnamed).get("summary");
        assertEquals(bob.userId(), unnamedSummary.at("/m.heroes/0").asText(), unnamedSummary.toString());
    }
}
