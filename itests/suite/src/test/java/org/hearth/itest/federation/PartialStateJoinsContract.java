package org.hearth.itest.federation;

import static org.hearth.itest.federation.ThreeServersContract.joinedMembers;
import static org.hearth.itest.federation.ThreeServersContract.stateIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.itest.federation.HearthCluster.Member;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Partial-state joins between two Hearth processes ({@link HearthCluster}): a user of the second
 * server joins a room of the first with hundreds of members; the join asks for the state without
 * its member events ({@code omit_members}), the user talks at once, and the members arrive in the
 * background until both servers hold the same state. A restart of the joining server while the
 * first one is frozen (so the fetch cannot have finished) resumes the fetch. Events received while
 * the state was partial are checked again once it is complete.
 */
abstract class PartialStateJoinsContract {
    static final String ONE = "hs1.test";
    static final String TWO = "hs2.test";
    /** A server the test plays: its users join the room on the second server only. */
    static final String PLAYED = "played.test";
    private static final Duration FLOW = Duration.ofSeconds(60);
    private static final Duration FULL_STATE = Duration.ofSeconds(120);
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract HearthCluster cluster();

    /** A public room on the first server: its creator and the users who joined it. */
    record Room(String id, Login creator, List<Login> members) {
        Set<String> userIds() {
            Set<String> ids = new TreeSet<>();
            ids.add(creator.userId());
            members.forEach(m -> ids.add(m.userId()));
            return ids;
        }
    }

    @Test
    void aUserTalksInALargeRemoteRoomAtOnceAndSeesEveryMemberOnceTheStateIsFetched() {
        Room room = room(300);
        Login bob = register(TWO, "bob");
        Reply joined = bob.http().post("/_matrix/client/v3/join/" + enc(room.id()) + "?server_name=" + ONE, Map.of());
        assertEquals(200, joined.status(), joined.toString());

        // talking at once: Bob's message reaches the room's server, and a member whose join the
        // answer left out is heard on Bob's server (checked against the event's own auth events)
        say(bob, room.id(), "hello from bob");
        Await.until("the creator to hear Bob", FLOW,
                () -> FederatedRoomsContract.bodies(room.creator(), room.id()).contains("hello from bob"));
        Login quiet = room.members().get(room.members().size() / 2);
        say(quiet, room.id(), "hello from " + quiet.userId());
        cluster().awaitOrReport("Bob to hear a member his server did not know of", FLOW,
                () -> FederatedRoomsContract.bodies(bob, room.id()).contains("hello from " + quiet.userId()));

        Set<String> everyone = new TreeSet<>(room.userIds());
        everyone.add(bob.userId());
        cluster().awaitOrReport("Bob's server to know every member", FULL_STATE,
                () -> joinedMembers(bob, room.id()).equals(everyone));
        assertTrue(cluster().member(TWO).output().contains("State of " + room.id() + " completed from " + ONE),
                "the join was a partial-state join, completed from " + ONE);
        assertEquals(stateIds(room.creator(), room.id()), stateIds(bob, room.id()), "both servers hold the same state");
        Reply members = bob.http().get("/_matrix/client/v3/rooms/" + enc(room.id()) + "/members");
        assertEquals(200, members.status(), members.toString());
        assertEquals(everyone.size(), members.json().path("chunk").size(), "/members lists every member");

        // after the fetch, events of members known only from it are accepted as any others
        Login another = room.members().get(1);
        say(another, room.id(), "after the fetch");
        Await.until("Bob to hear " + another.userId() + " after the fetch", FLOW,
                () -> FederatedRoomsContract.bodies(bob, room.id()).contains("after the fetch"));
    }

    @Test
    void aRestartDuringTheFetchResumesIt() {
        Room room = room(100);
        Member one = cluster().member(ONE);
        Member two = cluster().member(TWO);
        Login carol = register(TWO, "carol");
        Reply joined = carol.http().post("/_matrix/client/v3/join/" + enc(room.id()) + "?server_name=" + ONE, Map.of());
        one.pause(); // the fetch of the members cannot finish while the room's only other server is frozen
        boolean partial;
        try {
            assertEquals(200, joined.status(), joined.toString());
            partial = stateMembers(carol, room.id()) < room.userIds().size() + 1; // /joined_members would wait
            two.kill();
        } finally {
            one.resume();
        }
        Assumptions.assumeTrue(partial, "the fetch finished before " + ONE + " was frozen: nothing to resume");
        two.start();
        Set<String> everyone = new TreeSet<>(room.userIds());
        everyone.add(carol.userId());
        cluster().awaitOrReport("the restarted server to know every member", FULL_STATE,
                () -> joinedMembers(carol, room.id()).equals(everyone));
        assertTrue(two.output().contains("Resuming the fetch of the state of " + room.id()), two.output());
        assertEquals(stateIds(room.creator(), room.id()), stateIds(carol, room.id()),
                "both servers hold the same state");
    }

    /**
     * While the room's members are fetched (the first server frozen): a client that does not
     * lazy-load members is not sent the room, one that does is (in /sync and in sliding sync);
     * {@code /joined_members} waits. Once complete, that answer lists everyone, and the first
     * client's next sync sends the room whole, with every member's device list changed; the user
     * directory knows the members.
     */
    @Test
    void clientsAreSentThePartialRoomOnlyWithLazyMembersAndWholeOnceComplete() throws Exception {
        Room room = room(100);
        Member one = cluster().member(ONE);
        Login dave = register(TWO, "dave");
        String lazy = "&filter=" + enc("{\"room\":{\"state\":{\"lazy_load_members\":true}}}");
        Reply joined = dave.http().post("/_matrix/client/v3/join/" + enc(room.id()) + "?server_name=" + ONE, Map.of());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Reply> members;
        String during;
        String slidingPos;
        one.pause(); // the fetch of the members cannot finish while the room's only other server is frozen
        try {
            assertEquals(200, joined.status(), joined.toString());
            Assumptions.assumeTrue(stateMembers(dave, room.id()) < room.userIds().size() + 1,
                    "the fetch finished before " + ONE + " was frozen: nothing partial to see");
            JsonNode sync = dave.http().get("/_matrix/client/v3/sync?timeout=0").json();
            assertFalse(sync.path("rooms").path("join").has(room.id()), "a partial room without lazy members: " + sync);
            during = sync.path("next_batch").asText();
            JsonNode lazySync = dave.http().get("/_matrix/client/v3/sync?timeout=0" + lazy).json();
            assertTrue(lazySync.path("rooms").path("join").has(room.id()), "with lazy members: " + lazySync);
            JsonNode sliding = dave.http().post(SLIDING, slidingList("all", "*")).json();
            assertFalse(sliding.path("rooms").has(room.id()), "sliding sync asking for all members: " + sliding);
            slidingPos = sliding.path("pos").asText();
            JsonNode slidingLazy = dave.http().post(SLIDING, slidingList("lazy", "$LAZY")).json();
            assertTrue(slidingLazy.path("rooms").has(room.id()), "sliding sync with lazy members: " + slidingLazy);
            members = pool.submit(() -> dave.http().get("/_matrix/client/v3/rooms/" + enc(room.id()) + "/joined_members"));
        } finally {
            one.resume();
        }
        Set<String> everyone = new TreeSet<>(room.userIds());
        everyone.add(dave.userId());
        Reply answer = members.get(FULL_STATE.toSeconds(), TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(200, answer.status(), answer.toString());
        Set<String> listed = new TreeSet<>();
        answer.json().path("joined").fieldNames().forEachRemaining(listed::add);
        assertEquals(everyone, listed, "/joined_members asked while partial answers once complete");

        JsonNode next = dave.http().get("/_matrix/client/v3/sync?timeout=0&since=" + enc(during)).json();
        JsonNode whole = next.path("rooms").path("join").path(room.id());
        Set<String> synced = new TreeSet<>();
        for (String section : List.of("state", "timeline")) {
            whole.path(section).path("events").forEach(e -> {
                if ("m.room.member".equals(e.path("type").asText())
                        && "join".equals(e.path("content").path("membership").asText())) {
                    synced.add(e.path("state_key").asText());
                }
            });
        }
        assertEquals(everyone, synced, "the room comes whole once complete: " + whole);
        Set<String> changed = new TreeSet<>();
        next.path("device_lists").path("changed").forEach(u -> changed.add(u.asText()));
        // the creator too, whose join this server held already (the join's auth chain) but not as a member
        assertTrue(changed.containsAll(room.userIds()), "the members fetched have new device lists: " + changed);

        JsonNode slid = dave.http().post(SLIDING + "&pos=" + enc(slidingPos), slidingList("all", "*")).json();
        int slidMembers = 0;
        for (JsonNode e : slid.path("rooms").path(room.id()).path("required_state")) {
            slidMembers += "m.room.member".equals(e.path("type").asText()) ? 1 : 0;
        }
        assertEquals(everyone.size(), slidMembers, "sliding sync sends the room with every member once complete: " + slid);

        Login quiet = room.members().get(room.members().size() / 2);
        String localpart = quiet.userId().substring(1, quiet.userId().indexOf(':'));
        JsonNode found = dave.http().post("/_matrix/client/v3/user_directory/search",
                Map.of("search_term", localpart)).json();
        assertEquals(quiet.userId(), found.path("results").path(0).path("user_id").asText(),
                "the directory knows a member fetched: " + found);
    }

    /**
     * While the room is partial on the second server (the first frozen), a played server sends it
     * two joins: Mallory's, banned on the first server before the join (the ban is a member event
     * the partial state lacks, so the join passes), then Pat's on top of it. Once the state is
     * complete, Mallory's join fails against the state before it and is rejected: the room's state
     * holds her ban again; Pat's stays, its state no longer holding Mallory's join.
     */
    @Test
    void anEventAcceptedWhilePartialIsRejectedOnceTheFullStateForbidsIt() {
        Room room = room(30);
        Member one = cluster().member(ONE);
        String mallory = "@mallory" + NEXT.incrementAndGet() + ":" + PLAYED;
        String pat = "@pat" + NEXT.incrementAndGet() + ":" + PLAYED;
        Reply ban = room.creator().http().post("/_matrix/client/v3/rooms/" + enc(room.id()) + "/ban",
                Map.of("user_id", mallory, "reason", "spam"));
        assertEquals(200, ban.status(), ban.toString());
        JsonNode state = room.creator().http().get("/_matrix/client/v3/rooms/" + enc(room.id()) + "/state").json();
        String banId = stateEvent(state, "m.room.member", mallory).path("event_id").asText();
        String levels = stateEvent(state, "m.room.power_levels", "").path("event_id").asText();
        List<String> auth = List.of(levels, stateEvent(state, "m.room.join_rules", "").path("event_id").asText());
        Login erin = register(TWO, "erin");
        Reply joined = erin.http().post("/_matrix/client/v3/join/" + enc(room.id()) + "?server_name=" + ONE, Map.of());
        String malloryJoin;
        String patJoin;
        String kept;
        String dropped;
        String malloryRedaction;
        one.pause(); // the fetch cannot finish while the room's only other server is frozen
        try {
            assertEquals(200, joined.status(), joined.toString());
            Assumptions.assumeTrue(stateMembers(erin, room.id()) < room.userIds().size() + 1,
                    "the fetch finished before " + ONE + " was frozen: nothing partial");
            JsonNode latest = erin.http().get("/_matrix/client/v3/rooms/" + enc(room.id())
                    + "/messages?dir=b&limit=1").json();
            String head = latest.path("chunk").path(0).path("event_id").asText();
            PlayedServer played = cluster().played(PLAYED);
            ObjectNode first = join(played, room.id(), mallory, head, auth, 1000);
            malloryJoin = PlayedServer.eventId(first);
            ObjectNode second = join(played, room.id(), pat, malloryJoin, auth, 1001);
            patJoin = PlayedServer.eventId(second);
            // Pat says two things; Mallory redacts the first (allowed: she is of Pat's server), Pat the second
            ObjectNode keep = message(played, room.id(), pat, "keep this", patJoin, List.of(levels, patJoin), 1002);
            kept = PlayedServer.eventId(keep);
            ObjectNode drop = message(played, room.id(), pat, "drop this", kept, List.of(levels, patJoin), 1003);
            dropped = PlayedServer.eventId(drop);
            ObjectNode malloryRedacts = redaction(played, room.id(), mallory, kept, dropped,
                    List.of(levels, malloryJoin), 1004);
            malloryRedaction = PlayedServer.eventId(malloryRedacts);
            ObjectNode patRedacts = redaction(played, room.id(), pat, dropped, malloryRedaction,
                    List.of(levels, patJoin), 1005);
            ObjectNode txn = JSON.createObjectNode().put("origin", PLAYED).put("origin_server_ts", System.currentTimeMillis());
            txn.putArray("pdus").add(first).add(second).add(keep).add(drop).add(malloryRedacts).add(patRedacts);
            Reply sent = cluster().federate(played, TWO, "PUT", "/_matrix/federation/v1/send/recheck" + NEXT.incrementAndGet(),
                    txn);
            assertEquals(200, sent.status(), sent.toString());
            sent.json().path("pdus").forEach(outcome -> assertTrue(outcome.path("error").isMissingNode(),
                    "each accepted against the partial state: " + sent));
            assertEquals(malloryJoin, stateEvent(erin.http().get("/_matrix/client/v3/rooms/" + enc(room.id())
                    + "/state").json(), "m.room.member", mallory).path("event_id").asText(), "Mallory's join is in the partial state");
        } finally {
            one.resume();
        }
        cluster().awaitOrReport("the state of the room to be completed", FULL_STATE,
                () -> cluster().member(TWO).output().contains("State of " + room.id() + " completed from " + ONE));
        JsonNode after = erin.http().get("/_matrix/client/v3/rooms/" + enc(room.id()) + "/state").json();
        assertEquals(banId, stateEvent(after, "m.room.member", mallory).path("event_id").asText(),
                "the rejected join left the state, the ban is back: " + stateEvent(after, "m.room.member", mallory));
        assertEquals(patJoin, stateEvent(after, "m.room.member", pat).path("event_id").asText(),
                "a join valid in both states stays");
        JsonNode slid = erin.http().post(SLIDING, slidingList("recheck", mallory)).json();
        List<String> required = new ArrayList<>();
        slid.path("rooms").path(room.id()).path("required_state").forEach(e -> required.add(e.path("event_id").asText()));
        assertEquals(List.of(banId), required, "sliding sync sends the ban as Mallory's state: " + slid);
        List<String> timeline = new ArrayList<>();
        erin.http().get("/_matrix/client/v3/rooms/" + enc(room.id()) + "/messages?dir=b&limit=20").json()
                .path("chunk").forEach(e -> timeline.add(e.path("event_id").asText()));
        assertFalse(timeline.contains(malloryJoin), "the rejected join left the timeline: " + timeline);
        assertTrue(timeline.contains(patJoin), "the other join stays in the timeline: " + timeline);
        List<String> synced = new ArrayList<>(); // an initial sync's timeline, served from the recent events held
        erin.http().get("/_matrix/client/v3/sync?timeout=0&filter=" + enc("{\"room\":{\"timeline\":{\"limit\":20}}}"))
                .json().path("rooms").path("join").path(room.id()).path("timeline").path("events")
                .forEach(e -> synced.add(e.path("event_id").asText()));
        assertFalse(synced.contains(malloryJoin), "the rejected join left the synced timeline: " + synced);
        assertTrue(synced.contains(patJoin), "the other join stays in the synced timeline: " + synced);
        String byId = "/_matrix/client/v3/rooms/" + enc(room.id()) + "/event/";
        assertEquals(404, erin.http().get(byId + enc(malloryJoin)).status(), "a rejected event is not served by its ID");
        assertEquals(200, erin.http().get(byId + enc(patJoin)).status(), "the valid join is");
        assertTrue(cluster().member(TWO).output().contains("Event " + malloryJoin + " of " + room.id()
                + ", received while its state was partial, rejected"), "rejected on the recheck");
        // a redaction rejected on the recheck never pruned its target; one that stands did, once checked
        Reply keptNow = erin.http().get(byId + enc(kept));
        assertEquals("keep this", keptNow.json().path("content").path("body").asText(),
                "Mallory's redaction, rejected, left Pat's message whole: " + keptNow);
        assertEquals(404, erin.http().get(byId + enc(malloryRedaction)).status(), "Mallory's redaction is rejected");
        Reply droppedNow = erin.http().get(byId + enc(dropped));
        assertTrue(droppedNow.status() == 200 && droppedNow.json().path("content").isEmpty(),
                "Pat's own redaction stands: " + droppedNow);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A join of a user of the played server on top of {@code prev}, signed by it. */
    private static ObjectNode join(PlayedServer played, String roomId, String user, String prev, List<String> auth,
                                   long depth) {
        ObjectNode event = JSON.createObjectNode().put("type", "m.room.member").put("state_key", user);
        event.putObject("content").put("membership", "join");
        return signed(played, roomId, event, user, prev, auth, depth);
    }

    /** A message of a user of the played server on top of {@code prev}, signed by it. */
    private static ObjectNode message(PlayedServer played, String roomId, String user, String body, String prev,
                                      List<String> auth, long depth) {
        ObjectNode event = JSON.createObjectNode().put("type", "m.room.message");
        event.putObject("content").put("msgtype", "m.text").put("body", body);
        return signed(played, roomId, event, user, prev, auth, depth);
    }

    /** A redaction of {@code target} by a user of the played server on top of {@code prev}, signed by it. */
    private static ObjectNode redaction(PlayedServer played, String roomId, String user, String target, String prev,
                                        List<String> auth, long depth) {
        ObjectNode event = JSON.createObjectNode().put("type", "m.room.redaction");
        event.putObject("content").put("redacts", target); // room versions 11 on
        return signed(played, roomId, event, user, prev, auth, depth);
    }

    /** The event (type and content given) of {@code sender} on top of {@code prev}, signed by the played server. */
    private static ObjectNode signed(PlayedServer played, String roomId, ObjectNode event, String sender, String prev,
                                     List<String> auth, long depth) {
        event.put("sender", sender).put("room_id", roomId).put("origin_server_ts", System.currentTimeMillis())
                .put("depth", depth);
        event.putArray("prev_events").add(prev);
        auth.forEach(event.putArray("auth_events")::add);
        return played.signedEvent(event);
    }

    /** The state event of this type and state key in a {@code /state} answer, or a missing node. */
    private static JsonNode stateEvent(JsonNode state, String type, String stateKey) {
        for (JsonNode e : state) {
            if (type.equals(e.path("type").asText()) && stateKey.equals(e.path("state_key").asText())) {
                return e;
            }
        }
        return JSON.missingNode();
    }

    private static final String SLIDING = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync?timeout=0";

    /** A sliding sync request of connection {@code connId}: one list asking for the member events {@code stateKey}. */
    private static Map<String, Object> slidingList(String connId, String stateKey) {
        return Map.of("conn_id", connId, "lists", Map.of("rooms", Map.of("ranges", List.of(List.of(0, 9)),
                "timeline_limit", 1, "required_state", List.of(List.of("m.room.member", stateKey)))));
    }

    /** How many member events the room's current state holds on the user's server (the state read does not wait). */
    private static int stateMembers(Login who, String roomId) {
        Reply state = who.http().get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state");
        assertEquals(200, state.status(), state.toString());
        int count = 0;
        for (JsonNode e : state.json()) {
            count += "m.room.member".equals(e.path("type").asText()) ? 1 : 0;
        }
        return count;
    }

    /** A public room on the first server with {@code size} members besides its creator, joined in parallel. */
    private Room room(int size) {
        Login creator = register(ONE, "creator");
        Reply created = creator.http().post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Login>> joins = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                joins.add(pool.submit(() -> {
                    Login m = register(ONE, "m");
                    Reply join = m.http().post("/_matrix/client/v3/join/" + enc(roomId), Map.of());
                    assertEquals(200, join.status(), join.toString());
                    return m;
                }));
            }
            List<Login> members = new ArrayList<>();
            for (Future<Login> f : joins) {
                members.add(f.get());
            }
            return new Room(roomId, creator, members);
        } catch (Exception e) {
            throw new AssertionError("members of the room", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Without a password: its Argon2 hash would make the hundreds of members slow to register. */
    private Login register(String server, String name) {
        return Accounts.register(cluster().member(server).http(), name + NEXT.incrementAndGet() + "x"
                + (System.nanoTime() % 10_000), null);
    }

    private static void say(Login who, String roomId, String body) {
        Reply sent = who.http().put("/_matrix/client/v3/rooms/" + enc(roomId) + "/send/m.room.message/t"
                + NEXT.incrementAndGet(), Map.of("msgtype", "m.text", "body", body));
        assertEquals(200, sent.status(), sent.toString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
