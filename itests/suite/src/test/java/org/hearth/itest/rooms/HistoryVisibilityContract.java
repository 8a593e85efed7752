package org.hearth.itest.rooms;

import static org.hearth.itest.rooms.RoomApiContract.createRoom;
import static org.hearth.itest.rooms.RoomApiContract.post;
import static org.hearth.itest.rooms.RoomApiContract.send;
import static org.hearth.itest.rooms.RoomApiContract.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * History visibility (Client-Server API, "History visibility") on every read path: /messages,
 * /event, /context, /state, /members, timestamp_to_event, /sync, and RoomViews for bundles (through
 * the echo test bundle's /_hearth/test/view). Run once per database by the subclasses.
 */
abstract class HistoryVisibilityContract extends EchoServerContract {
    private static String encoded(String eventId) {
        return URLEncoder.encode(eventId, StandardCharsets.UTF_8);
    }

    private static List<String> ids(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("event_id").asText()));
        return out;
    }

    private static List<String> messages(Login who, String roomId) {
        Reply page = who.http().get(path(roomId) + "/messages?dir=b&limit=100");
        assertEquals(200, page.status(), page.text());
        return ids(page.json().get("chunk"));
    }

    /** /messages shows {@code seen} to the user and not {@code hidden}. */
    private static void assertReads(Login who, String roomId, String seen, String hidden) {
        List<String> page = messages(who, roomId);
        assertTrue(page.contains(seen), page.toString());
        assertFalse(page.contains(hidden), page.toString());
    }

    private static void setVisibility(Login who, String roomId, String visibility) {
        assertEquals(200, who.http().put(path(roomId) + "/state/m.room.history_visibility",
                Map.of("history_visibility", visibility)).status());
    }

    private List<String> bundleView(String roomId, String viewer) {
        Reply view = http().get("/_hearth/test/view/" + roomId + "?" + viewer);
        assertEquals(200, view.status(), view.text());
        return RoomApiContract.jsonList(view.json().get("events"));
    }

    @Test
    void joinedHidesWhatCameBeforeTheJoinOnEveryReadPath() throws Exception {
        Login alice = user("host");
        Login bob = user("late");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        setVisibility(alice, roomId, "joined");
        String hidden = send(alice, roomId, "before bob");
        long hiddenTs = alice.http().get(path(roomId) + "/event/" + encoded(hidden)).json().get("origin_server_ts").asLong();
        while (System.currentTimeMillis() <= hiddenTs) { // the later events have a later timestamp
            Thread.onSpinWait();
        }
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        String seen = send(alice, roomId, "after bob");

        List<String> page = messages(bob, roomId);
        assertTrue(page.contains(seen), page.toString());
        assertFalse(page.contains(hidden), "/messages: " + page);
        assertEquals(404, bob.http().get(path(roomId) + "/event/" + encoded(hidden)).status(), "/event");
        assertEquals(404, bob.http().get(path(roomId) + "/context/" + encoded(hidden)).status(), "/context");
        JsonNode context = bob.http().get(path(roomId) + "/context/" + encoded(seen) + "?limit=20").json();
        assertFalse(ids(context.get("events_before")).contains(hidden), "/context around a visible event");
        Reply nearest = bob.http().get("/_matrix/client/v1/rooms/" + roomId + "/timestamp_to_event?dir=b&ts=" + hiddenTs);
        assertFalse(nearest.text().contains(hidden), "timestamp_to_event: " + nearest.text());
        JsonNode timeline = sync(bob, null, 0).at("/rooms/join/" + roomId + "/timeline/events");
        assertTrue(ids(timeline).contains(seen), timeline.toString());
        assertFalse(ids(timeline).contains(hidden), "/sync for a new joiner: " + timeline);
        List<String> forBundle = bundleView(roomId, "user=" + bob.userId());
        assertTrue(forBundle.contains(seen) && !forBundle.contains(hidden), "RoomViews: " + forBundle);
        assertTrue(bundleView(roomId, "user=" + alice.userId()).contains(hidden), "alice was there");
        assertTrue(bundleView(roomId, "server=localhost").contains(hidden), "a server sees what its users may see");
        assertTrue(messages(alice, roomId).contains(hidden));
    }

    /** "Peeking": GET /events?room_id= of a world-readable room the user is not in streams it; of another room, 403. */
    @Test
    void aNonMemberPeeksIntoAWorldReadableRoomThroughEvents() throws Exception {
        Login alice = user("host");
        Login carol = user("peeker");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String closed = createRoom(alice, Map.of("preset", "public_chat"));
        setVisibility(alice, roomId, "world_readable");
        assertEquals(403, carol.http().get("/_matrix/client/v3/events?timeout=0&room_id=" + closed).status());

        String start = carol.http().get("/_matrix/client/v3/events?timeout=0&room_id=" + roomId).json()
                .get("end").asText();
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> carol.http()
                .get("/_matrix/client/v3/events?timeout=20000&room_id=" + roomId + "&from=" + start).json());
        String seen = send(alice, roomId, "for all to see");
        send(alice, closed, "elsewhere");
        JsonNode page = waiting.get();
        List<String> got = new ArrayList<>();
        page.get("chunk").forEach(e -> {
            assertEquals(roomId, e.path("room_id").asText(roomId), "only the peeked room: " + page);
            got.add(e.path("event_id").asText());
        });
        assertTrue(got.contains(seen), page.toString());
        assertTrue(sync(carol, null, 0).path("rooms").path("join").isEmpty(), "peeking joins nothing");
    }

    /**
     * MSC2753 peeking: POST /peek/{roomIdOrAlias} into a world-readable room shows it under
     * rooms.peek of that device's syncs, whole the first time, then what is new; 403 elsewhere.
     */
    @Test
    void aDevicePeeksIntoAWorldReadableRoomThroughSync() {
        Login alice = user("host");
        Login carol = user("peeker");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String closed = createRoom(alice, Map.of("preset", "public_chat"));
        setVisibility(alice, roomId, "world_readable");
        Reply refused = post(carol, "/_matrix/client/v3/peek/" + closed, Map.of());
        assertEquals(403, refused.status(), refused.text());
        assertEquals("M_FORBIDDEN", refused.json().path("errcode").asText());

        Login otherDevice = Accounts.login(http(), carol.userId(), "pw", false);
        String before = sync(carol, null, 0).get("next_batch").asText();
        Reply peek = post(carol, "/_matrix/client/v3/peek/" + roomId, Map.of());
        assertEquals(200, peek.status(), peek.text());
        assertEquals(roomId, peek.json().path("room_id").asText());
        String first = send(alice, roomId, "seen by a peeker");

        JsonNode whole = sync(carol, before, 0);
        // whole: the state, and the timeline from where it became world-readable (what came before
        // stays for members, "History visibility")
        JsonNode timeline = whole.at("/rooms/peek/" + roomId + "/timeline/events");
        assertEquals("m.room.history_visibility", timeline.path(0).path("type").asText(), whole.toString());
        assertTrue(ids(timeline).contains(first), timeline.toString());
        List<String> stateTypes = new ArrayList<>();
        whole.at("/rooms/peek/" + roomId + "/state/events").forEach(e -> stateTypes.add(e.path("type").asText()));
        assertTrue(stateTypes.contains("m.room.create"), stateTypes.toString());
        assertTrue(whole.path("rooms").path("join").isEmpty(), "peeking joins nothing");
        String second = send(alice, roomId, "and this");
        JsonNode next = sync(carol, whole.get("next_batch").asText(), 0).at("/rooms/peek/" + roomId + "/timeline/events");
        assertEquals(List.of(second), ids(next));
        assertTrue(sync(otherDevice, null, 0).path("rooms").path("peek").isMissingNode(), "another device does not peek");
    }

    /**
     * A peek lasts while the room is world-readable: once it is {@code joined}, a message is not
     * sent to the peeking device, whose syncs had shown the room until then (the view a sync
     * builds is kept for the next one only while the history visibility stays the same).
     */
    @Test
    void aPeekerIsNotSentWhatFollowsOnceTheRoomIsNoLongerWorldReadable() {
        Login alice = user("host");
        Login carol = user("peeker");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        setVisibility(alice, roomId, "world_readable");
        String before = sync(carol, null, 0).get("next_batch").asText();
        assertEquals(200, post(carol, "/_matrix/client/v3/peek/" + roomId, Map.of()).status());
        String seen = send(alice, roomId, "seen by a peeker");
        JsonNode peeking = sync(carol, before, 0);
        assertTrue(ids(peeking.at("/rooms/peek/" + roomId + "/timeline/events")).contains(seen), peeking.toString());

        setVisibility(alice, roomId, "joined");
        String hidden = send(alice, roomId, "for members only");

        JsonNode after = sync(carol, peeking.get("next_batch").asText(), 0);
        assertTrue(after.path("rooms").path("peek").path(roomId).isMissingNode(), after.toString());
        assertFalse(after.toString().contains(hidden), after.toString());
    }

    @Test
    void invitedShowsFromTheInvite() {
        Login alice = user("host");
        Login bob = user("invitee");
        String roomId = createRoom(alice, Map.of());
        setVisibility(alice, roomId, "invited");
        String hidden = send(alice, roomId, "before the invite");
        assertEquals(200, post(alice, path(roomId) + "/invite", Map.of("user_id", bob.userId())).status());
        String afterInvite = send(alice, roomId, "after the invite");
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());

        assertReads(bob, roomId, afterInvite, hidden);
    }

    @Test
    void sharedShowsEverythingToMembers() {
        Login alice = user("host");
        Login bob = user("late");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String before = send(alice, roomId, "before bob");
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        assertTrue(messages(bob, roomId).contains(before));
        assertEquals(200, bob.http().get(path(roomId) + "/event/" + encoded(before)).status());
    }

    @Test
    void worldReadableIsReadableWithoutMembership() {
        Login alice = user("host");
        Login carol = user("reader");
        String roomId = createRoom(alice, Map.of("name", "Open book"));
        setVisibility(alice, roomId, "world_readable");
        String message = send(alice, roomId, "for everyone");

        assertTrue(messages(carol, roomId).contains(message));
        assertEquals(200, carol.http().get(path(roomId) + "/event/" + encoded(message)).status());
        assertEquals(200, carol.http().get(path(roomId) + "/state").status());
        assertEquals("Open book", carol.http().get(path(roomId) + "/state/m.room.name").json().get("name").asText());
        assertEquals(200, carol.http().get(path(roomId) + "/members").status());
        assertTrue(bundleView(roomId, "user=" + carol.userId()).contains(message));
        assertTrue(bundleView(roomId, "server=elsewhere.example").contains(message), "any server");

        setVisibility(alice, roomId, "shared");
        String later = send(alice, roomId, "members only");
        assertEquals(403, carol.http().get(path(roomId) + "/messages").status(), "no longer world_readable");
        assertEquals(403, http().get("/_hearth/test/view/" + roomId + "?server=elsewhere.example").status(),
                "a server without users in the room may read nothing now");
        assertTrue(messages(alice, roomId).contains(later));
    }

    @Test
    void notWorldReadableIsForbiddenToNonMembers() {
        Login alice = user("host");
        Login eve = user("outsider");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String message = send(alice, roomId, "members only");
        for (String read : List.of("/messages", "/state", "/state/m.room.create", "/members",
                "/context/" + encoded(message))) {
            Reply reply = eve.http().get(path(roomId) + read);
            assertEquals(403, reply.status(), read + ": " + reply.text());
        }
        // GET /event: "404: The event was not found or you do not have permission to read this event"
        assertEquals(404, eve.http().get(path(roomId) + "/event/" + encoded(message)).status());
    }

    @Test
    void someoneWhoRejectedAnInviteReadsNothing() {
        Login alice = user("host");
        Login dave = user("refuser");
        String roomId = createRoom(alice, Map.of());
        String message = send(alice, roomId, "private");
        assertEquals(200, post(alice, path(roomId) + "/invite", Map.of("user_id", dave.userId())).status());
        String since = sync(dave, null, 0).get("next_batch").asText();
        assertEquals(200, post(dave, path(roomId) + "/leave", Map.of()).status());

        assertEquals(403, dave.http().get(path(roomId) + "/messages").status());
        assertEquals(404, dave.http().get(path(roomId) + "/event/" + encoded(message)).status());
        assertEquals(403, dave.http().get(path(roomId) + "/state").status());
        JsonNode left = sync(dave, since, 0).at("/rooms/leave/" + roomId);
        assertFalse(left.toString().contains(message), "the leave section shows nothing of the room: " + left);
        assertEquals(403, http().get("/_hearth/test/view/" + roomId + "?user=" + dave.userId()).status());
    }

    @Test
    void aFormerMemberReadsUpToTheLeaveUnderJoined() {
        Login alice = user("host");
        Login bob = user("visitor");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        setVisibility(alice, roomId, "joined");
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        String during = send(alice, roomId, "while bob is here");
        post(bob, path(roomId) + "/leave", Map.of());
        String after = send(alice, roomId, "after bob left");

        assertReads(bob, roomId, during, after);
    }

    @Test
    void theCurrentStateShowsInSyncEvenWhereHistoryIsHidden() {
        Login alice = user("host");
        Login bob = user("away");
        Login carol = user("newcomer");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        setVisibility(alice, roomId, "joined");
        String since = sync(bob, null, 0).get("next_batch").asText();
        post(bob, path(roomId) + "/leave", Map.of());
        String hidden = send(alice, roomId, "while bob is away");
        post(carol, "/_matrix/client/v3/join/" + roomId, Map.of());
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());

        JsonNode timeline = sync(bob, since, 0).at("/rooms/join/" + roomId + "/timeline/events");
        boolean carolJoined = false;
        for (JsonNode e : timeline) {
            carolJoined |= carol.userId().equals(e.path("state_key").asText());
        }
        assertTrue(carolJoined, "carol's join is current state, which bob sees anyway: " + timeline);
        assertFalse(ids(timeline).contains(hidden), timeline.toString());
    }

    @Test
    void aDisplayNameChangeIsNotANewJoinInSync() {
        Login alice = user("host");
        Login bob = user("renamer");
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "name", "Unchanged"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        send(alice, roomId, "old news");
        String since = sync(bob, null, 0).get("next_batch").asText();

        Reply rename = bob.http().put(path(roomId) + "/state/m.room.member/" + bob.userId(),
                Map.of("membership", "join", "displayname", "Bob the Renamed"));
        assertEquals(200, rename.status(), rename.text());

        JsonNode room = sync(bob, since, 0).at("/rooms/join/" + roomId);
        JsonNode timeline = room.at("/timeline/events");
        assertEquals(1, timeline.size(), "only the rename: " + room);
        assertEquals("Bob the Renamed", timeline.at("/0/content/displayname").asText());
        assertEquals(0, room.at("/state/events").size(), "no full state as for a new join: " + room);
        assertFalse(room.at("/timeline/limited").asBoolean());
    }

    @Test
    void messagesPagesAThousandEventsAndReportsTheTime() {
        Login alice = user("talker");
        String roomId = createRoom(alice, Map.of());
        for (int i = 0; i < 1000; i++) {
            send(alice, roomId, "m" + i);
        }
        for (int warm = 0; warm < 3; warm++) {
            alice.http().get(path(roomId) + "/messages?dir=b&limit=1000");
        }
        int runs = 20;
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Reply page = alice.http().get(path(roomId) + "/messages?dir=b&limit=1000");
            ms[i] = (System.nanoTime() - start) / 1_000;
            assertEquals(1000, page.json().get("chunk").size());
        }
        java.util.Arrays.sort(ms);
        System.out.printf("%s: /messages of 1,000 events: min %.1f ms, median %.1f ms (%d pages)%n",
                getClass().getSimpleName(), ms[0] / 1e3, ms[runs / 2] / 1e3, runs);
    }
}
