package org.hearth.itest.slidingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.WaitingPolls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simplified sliding sync (MSC4186) over HTTP: the unstable endpoint as today's clients speak it,
 * {@code v4} as merged, every request field and extension, and the forbidden cases. Run once per
 * database by the subclasses.
 */
abstract class SlidingSyncContract {
    static final String UNSTABLE = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync";
    static final String V4 = "/_matrix/client/v4/sync";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NEXT = new AtomicInteger();

    @TempDir
    Path dir;

    abstract MatrixHttp http();

    /** A configuration of a server of its own on the database under test, for the restart. */
    abstract TestConfig ownServer(Path dir);

    Login user(String name) {
        return user(http(), name);
    }

    static Login user(MatrixHttp http, String name) {
        return Accounts.register(http, name + NEXT.incrementAndGet() + "s" + (System.nanoTime() % 10_000), "pw");
    }

    static String createRoom(Login who, Map<String, Object> body) {
        Reply reply = who.http().post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    static String send(Login who, String roomId, String body) {
        Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t" + NEXT.incrementAndGet(),
                Map.of("msgtype", "m.text", "body", body));
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("event_id").asText();
    }

    static void ok(Reply reply) {
        assertEquals(200, reply.status(), reply.text());
    }

    static Reply request(Login who, String path, String pos, int timeoutMs, Object body) {
        String query = "?timeout=" + timeoutMs + (pos == null ? "" : "&pos=" + pos);
        return who.http().post(path + query, body);
    }

    static JsonNode sync(Login who, String pos, Object body) {
        Reply reply = request(who, UNSTABLE, pos, 0, body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    /** Today's clients' list: ranges, [type, state_key] pairs. */
    static Map<String, Object> list(int from, int to, int timelineLimit, List<List<String>> requiredState) {
        return Map.of("ranges", List.of(List.of(from, to)), "timeline_limit", timelineLimit,
                "required_state", requiredState);
    }

    static Map<String, Object> body(Map<String, Object> lists) {
        return Map.of("lists", lists);
    }

    static List<String> roomOrder(JsonNode rooms) {
        List<Map.Entry<String, Long>> stamps = new ArrayList<>();
        rooms.fields().forEachRemaining(e -> stamps.add(Map.entry(e.getKey(), e.getValue().get("bump_stamp").asLong())));
        stamps.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        return stamps.stream().map(Map.Entry::getKey).toList();
    }

    static List<String> bodies(JsonNode timeline) {
        List<String> out = new ArrayList<>();
        timeline.forEach(e -> out.add(e.path("content").path("body").asText(e.path("type").asText())));
        return out;
    }

    @Test
    void versionsAdvertisesSimplifiedSlidingSync() {
        assertTrue(http().get("/_matrix/client/versions").json().at("/unstable_features/org.matrix.simplified_msc3575")
                .asBoolean());
    }

    @Test
    void aUserWithNoRoomsGetsEmptyListsAndAPos() {
        Login alice = user("empty");
        JsonNode first = sync(alice, null, body(Map.of("all", list(0, 19, 5, List.of()))));
        assertEquals(0, first.at("/lists/all/count").asInt());
        assertTrue(first.path("rooms").isEmpty());
        assertTrue(first.path("pos").isTextual());
        JsonNode next = sync(alice, first.get("pos").asText(), body(Map.of("all", list(0, 19, 5, List.of()))));
        assertTrue(next.path("rooms").isEmpty());
        assertEquals(0, next.at("/lists/all/count").asInt());
    }

    @Test
    void listsAreSortedByRecencyAndCutByRanges() {
        Login alice = user("lists");
        String a = createRoom(alice, Map.of("name", "A"));
        String b = createRoom(alice, Map.of("name", "B"));
        String c = createRoom(alice, Map.of("name", "C"));
        send(alice, a, "a is newest");
        JsonNode first = sync(alice, null, body(Map.of("top", list(0, 1, 1, List.of()))));
        assertEquals(3, first.at("/lists/top/count").asInt());
        assertEquals(List.of(a, c), roomOrder(first.get("rooms")), first.toString());
        assertEquals("top", first.at("/rooms/" + a + "/lists/0").asText());
        assertFalse(first.get("rooms").has(b), "b is outside the range");

        // b's new message moves it to the top; c leaves the window and is not sent again.
        send(alice, b, "b is newest");
        JsonNode next = sync(alice, first.get("pos").asText(), body(Map.of("top", list(0, 1, 1, List.of()))));
        assertEquals(List.of(b), roomOrder(next.get("rooms")), next.toString());
        JsonNode room = next.at("/rooms/" + b);
        assertTrue(room.path("initial").asBoolean(), "new to the connection");
        assertEquals(List.of("b is newest"), bodies(room.get("timeline")));
        assertTrue(room.get("bump_stamp").asLong() > first.at("/rooms/" + a + "/bump_stamp").asLong());

        // c left the window; widening the range again sends nothing: the connection has every room.
        JsonNode wider = sync(alice, next.get("pos").asText(), body(Map.of("top", list(0, 9, 1, List.of()))));
        assertTrue(wider.get("rooms").isEmpty(), wider.toString());

        // c's new message: it was sent before, so only the news, without initial.
        send(alice, c, "c again");
        JsonNode incremental = sync(alice, wider.get("pos").asText(), body(Map.of("top", list(0, 9, 1, List.of()))));
        JsonNode cRoom = incremental.at("/rooms/" + c);
        assertFalse(cRoom.path("initial").asBoolean(), incremental.toString());
        assertEquals(List.of("c again"), bodies(cRoom.get("timeline")));
        assertEquals(1, cRoom.get("num_live").asInt());
        assertFalse(cRoom.get("limited").asBoolean());
        assertFalse(cRoom.has("name"), "the name did not change");
        assertEquals(1, incremental.get("rooms").size(), incremental.toString());
    }

    @Test
    void nothingNewAnswersWithTheSamePosAndNoRooms() {
        Login alice = user("quiet");
        createRoom(alice, Map.of("name", "quiet"));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 3, List.of())));
        JsonNode first = sync(alice, null, lists);
        assertEquals(1, first.get("rooms").size());
        JsonNode again = sync(alice, first.get("pos").asText(), lists);
        assertTrue(again.path("rooms").isEmpty(), again.toString());
        assertEquals(first.get("pos").asText(), again.get("pos").asText());
        // The same pos used twice (a retry) answers the same.
        JsonNode retry = sync(alice, first.get("pos").asText(), lists);
        assertTrue(retry.path("rooms").isEmpty(), retry.toString());
    }

    @Test
    void roomFieldsTimelineLimitAndRequiredState() {
        Login alice = user("fields");
        Login bob = user("hero");
        Login carol = user("invitee");
        String named = createRoom(alice, Map.of("name", "Named", "invite", List.of(carol.userId())));
        String unnamed = createRoom(alice, Map.of("preset", "public_chat"));
        ok(bob.http().post("/_matrix/client/v3/join/" + unnamed, Map.of()));
        ok(alice.http().put("/_matrix/client/v3/rooms/" + named + "/state/m.room.avatar", Map.of("url", "mxc://x/y")));
        for (int i = 0; i < 5; i++) {
            send(alice, named, "m" + i);
        }
        send(bob, unnamed, "from bob");
        JsonNode first = sync(alice, null, body(Map.of("all", list(0, 9, 3,
                List.of(List.of("m.room.create", ""), List.of("m.room.member", "$ME"))))));
        JsonNode room = first.at("/rooms/" + named);
        assertEquals("Named", room.get("name").asText());
        assertEquals("mxc://x/y", room.get("avatar").asText());
        assertTrue(room.get("initial").asBoolean());
        assertEquals(List.of("m2", "m3", "m4"), bodies(room.get("timeline")));
        assertTrue(room.get("limited").asBoolean());
        assertEquals(0, room.get("num_live").asInt(), "nothing is live on a new connection");
        assertEquals(1, room.get("joined_count").asInt());
        assertEquals(1, room.get("invited_count").asInt());
        assertTrue(room.get("prev_batch").isTextual());
        assertEquals("join", room.get("membership").asText());
        assertFalse(room.has("heroes"), "a named room needs no heroes");
        List<String> state = new ArrayList<>();
        room.get("required_state").forEach(e -> state.add(e.get("type").asText() + "|" + e.get("state_key").asText()));
        assertEquals(List.of("m.room.create|", "m.room.member|" + alice.userId()), state);

        JsonNode other = first.at("/rooms/" + unnamed);
        assertEquals(bob.userId(), other.at("/heroes/0/user_id").asText(), other.toString());
        assertEquals(2, other.get("joined_count").asInt());

        // "*" and lazy members: every state event but only the members the timeline needs.
        Login alice2 = alice;
        JsonNode lazy = sync(alice2, null, Map.of("conn_id", "lazy", "room_subscriptions", Map.of(unnamed,
                Map.of("timeline_limit", 1, "required_state", List.of(List.of("*", "*"), List.of("m.room.member", "$LAZY"))))));
        // "*","*" asks for every member, so lazy loading does not narrow it.
        JsonNode lazyRoom = lazy.at("/rooms/" + unnamed);
        long members = countType(lazyRoom.get("required_state"), "m.room.member");
        assertEquals(2, members, lazyRoom.toString());
        JsonNode onlyLazy = sync(alice, null, Map.of("conn_id", "lazy2", "room_subscriptions", Map.of(unnamed,
                Map.of("timeline_limit", 1, "required_state", List.of(List.of("m.room.create", ""),
                        List.of("m.room.member", "$LAZY"))))));
        JsonNode lazyOnly = onlyLazy.at("/rooms/" + unnamed + "/required_state");
        List<String> memberKeys = new ArrayList<>();
        lazyOnly.forEach(e -> {
            if ("m.room.member".equals(e.get("type").asText())) {
                memberKeys.add(e.get("state_key").asText());
            }
        });
        assertEquals(List.of(bob.userId()), memberKeys, "only the sender of the one timeline event");
        assertEquals(1, countType(lazyOnly, "m.room.create"));
    }

    @Test
    void aLargerTimelineLimitSendsTheRoomAgainWithMoreHistory() {
        Login alice = user("expand");
        String roomId = createRoom(alice, Map.of());
        for (int i = 0; i < 5; i++) {
            send(alice, roomId, "e" + i);
        }
        JsonNode first = sync(alice, null, body(Map.of("all", list(0, 9, 1, List.of()))));
        assertEquals(List.of("e4"), bodies(first.at("/rooms/" + roomId + "/timeline")));
        JsonNode more = sync(alice, first.get("pos").asText(), body(Map.of("all", list(0, 9, 3, List.of()))));
        JsonNode room = more.at("/rooms/" + roomId);
        assertEquals(List.of("e2", "e3", "e4"), bodies(room.get("timeline")), more.toString());
        assertTrue(room.get("unstable_expanded_timeline").asBoolean());
        assertTrue(room.get("initial").asBoolean(), "the client replaces what it had");
        JsonNode fewer = sync(alice, more.get("pos").asText(), body(Map.of("all", list(0, 9, 1, List.of()))));
        assertTrue(fewer.get("rooms").isEmpty(), "a smaller limit sends nothing: " + fewer);
    }

    private static long countType(JsonNode events, String type) {
        long n = 0;
        for (JsonNode e : events) {
            n += type.equals(e.get("type").asText()) ? 1 : 0;
        }
        return n;
    }

    @Test
    void subscriptionsReturnTheirRoomButNeverARoomTheUserMayNotSee() {
        Login alice = user("subs");
        Login mallory = user("mallory");
        String mine = createRoom(alice, Map.of("name", "mine"));
        String old = createRoom(alice, Map.of("name", "old"));
        send(alice, mine, "newest");
        String secret = createRoom(mallory, Map.of("name", "secret"));
        send(mallory, secret, "not for alice");
        Map<String, Object> request = Map.of("lists", Map.of("top", list(0, 0, 1, List.of())),
                "room_subscriptions", Map.of(old, Map.of("timeline_limit", 2, "required_state", List.of()),
                        secret, Map.of("timeline_limit", 2, "required_state", List.of())));
        JsonNode first = sync(alice, null, request);
        assertTrue(first.get("rooms").has(old), "subscribed though outside the range");
        assertFalse(first.at("/rooms/" + old).has("lists"), "matched by the subscription alone");
        assertTrue(first.get("rooms").has(mine));
        assertFalse(first.toString().contains(secret), first.toString());
        send(mallory, secret, "still not");
        JsonNode next = sync(alice, first.get("pos").asText(), request);
        assertFalse(next.toString().contains(secret), next.toString());
        assertEquals(400, request(alice, UNSTABLE, null, 0,
                Map.of("room_subscriptions", Map.of("not-a-room", Map.of("timeline_limit", 1)))).status());

        // A room alice left herself is not listed, but a subscription may still read it up to the leaving;
        // a room that banned her before she ever joined is neither.
        String left = createRoom(mallory, Map.of("preset", "public_chat"));
        ok(alice.http().post("/_matrix/client/v3/join/" + left, Map.of()));
        send(mallory, left, "while alice was there");
        ok(alice.http().post("/_matrix/client/v3/rooms/" + left + "/leave", Map.of()));
        send(mallory, left, "after alice left");
        String banned = createRoom(mallory, Map.of("preset", "public_chat"));
        ok(mallory.http().post("/_matrix/client/v3/rooms/" + banned + "/ban", Map.of("user_id", alice.userId())));
        JsonNode fresh = sync(alice, null, Map.of("conn_id", "former", "lists", Map.of("all", list(0, 99, 5, List.of())),
                "room_subscriptions", Map.of(left, Map.of("timeline_limit", 5, "required_state", List.of()),
                        banned, Map.of("timeline_limit", 5, "required_state", List.of()))));
        assertEquals(2, fresh.at("/lists/all/count").asInt(), "mine and old, nothing else: " + fresh);
        JsonNode former = fresh.at("/rooms/" + left);
        assertEquals("leave", former.get("membership").asText(), fresh.toString());
        assertTrue(bodies(former.get("timeline")).contains("while alice was there"));
        assertFalse(fresh.toString().contains("after alice left"));
        assertFalse(fresh.toString().contains(banned), "banned before joining: " + fresh);
    }

    @Test
    void aNewInviteAppearsWithInviteStateAndWakesALongPoll() throws Exception {
        Login alice = user("inviter");
        Login bob = user("invited");
        String roomId = createRoom(alice, Map.of("name", "Party"));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 1, List.of())));
        JsonNode first = sync(bob, null, lists);
        CompletableFuture<Reply> poll = CompletableFuture.supplyAsync(() ->
                request(bob, UNSTABLE, first.get("pos").asText(), 20_000, lists));
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
        ok(alice.http().post("/_matrix/client/v3/rooms/" + roomId + "/invite", Map.of("user_id", bob.userId())));
        Reply woken = poll.get(15, TimeUnit.SECONDS);
        ok(woken);
        JsonNode room = woken.json().at("/rooms/" + roomId);
        assertEquals("invite", room.get("membership").asText(), woken.text());
        assertTrue(room.get("initial").asBoolean());
        assertTrue(room.get("invite_state").toString().contains("Party"), room.toString());
        assertFalse(room.has("timeline"), "an invitee sees stripped state only");
        assertEquals(1, woken.json().at("/lists/all/count").asInt());

        // Joining replaces the invite with the room.
        ok(bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        JsonNode joined = sync(bob, woken.json().get("pos").asText(), lists);
        assertEquals("join", joined.at("/rooms/" + roomId + "/membership").asText(), joined.toString());
        assertTrue(joined.at("/rooms/" + roomId + "/initial").asBoolean());
    }

    @Test
    void aLongPollWaitsThenAnswersWithTheNewMessage() throws Exception {
        Login alice = user("poller");
        String roomId = createRoom(alice, Map.of());
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 5, List.of())));
        JsonNode first = sync(alice, null, lists);
        long start = System.nanoTime();
        Reply empty = request(alice, UNSTABLE, first.get("pos").asText(), 300, lists);
        ok(empty);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "it waited");
        assertTrue(empty.json().path("rooms").isEmpty());
        CompletableFuture<Reply> poll = CompletableFuture.supplyAsync(() ->
                request(alice, UNSTABLE, first.get("pos").asText(), 20_000, lists));
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
        send(alice, roomId, "wake up");
        Reply woken = poll.get(15, TimeUnit.SECONDS);
        ok(woken);
        assertEquals(List.of("wake up"), bodies(woken.json().at("/rooms/" + roomId + "/timeline")));
    }

    @Test
    void kickedAndLeftRoomsAppearOnceAsLeft() {
        Login alice = user("kicker");
        Login bob = user("kicked");
        String kickRoom = createRoom(alice, Map.of("preset", "public_chat"));
        String leaveRoom = createRoom(alice, Map.of("preset", "public_chat"));
        ok(bob.http().post("/_matrix/client/v3/join/" + kickRoom, Map.of()));
        ok(bob.http().post("/_matrix/client/v3/join/" + leaveRoom, Map.of()));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 2, List.of())));
        JsonNode first = sync(bob, null, lists);
        assertEquals(2, first.get("rooms").size());
        ok(alice.http().post("/_matrix/client/v3/rooms/" + kickRoom + "/kick", Map.of("user_id", bob.userId())));
        ok(bob.http().post("/_matrix/client/v3/rooms/" + leaveRoom + "/leave", Map.of()));
        send(alice, kickRoom, "after the kick");
        JsonNode next = sync(bob, first.get("pos").asText(), lists);
        assertEquals("leave", next.at("/rooms/" + kickRoom + "/membership").asText(), next.toString());
        assertEquals("leave", next.at("/rooms/" + leaveRoom + "/membership").asText(), next.toString());
        assertFalse(next.toString().contains("after the kick"), "nothing after the leaving");
        send(alice, kickRoom, "later still");
        JsonNode later = sync(bob, next.get("pos").asText(), lists);
        assertTrue(later.path("rooms").isEmpty(), later.toString());
        // A new connection lists the kicked room but not the one bob left himself.
        JsonNode fresh = sync(bob, null, Map.of("conn_id", "fresh", "lists", Map.of("all", list(0, 9, 2, List.of()))));
        assertTrue(fresh.get("rooms").has(kickRoom), fresh.toString());
        assertFalse(fresh.get("rooms").has(leaveRoom), fresh.toString());
    }

    @Test
    void requestsFromTheSamePosSeeAnInviteAndAForgetBetweenThem() {
        Login alice = user("lister");
        Login bob = user("inviter");
        String kept = createRoom(alice, Map.of("name", "kept"));
        String left = createRoom(alice, Map.of("name", "left"));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 1, List.of())));
        String pos = sync(alice, null, lists).get("pos").asText();
        ok(alice.http().post("/_matrix/client/v3/rooms/" + left + "/leave", Map.of()));
        pos = sync(alice, pos, lists).get("pos").asText(); // sends the room as left: a new saved pos
        // Requests on this pos: the server may answer later ones from what the first read.
        send(alice, kept, "one");
        assertEquals(2, sync(alice, pos, lists).at("/lists/all/count").asInt());
        send(alice, kept, "two");
        assertEquals(2, sync(alice, pos, lists).at("/lists/all/count").asInt());
        String invite = createRoom(bob, Map.of("name", "invite", "invite", List.of(alice.userId())));
        JsonNode invited = sync(alice, pos, lists);
        assertEquals(3, invited.at("/lists/all/count").asInt(), invited.toString());
        assertEquals("invite", invited.at("/rooms/" + invite + "/membership").asText(), invited.toString());
        ok(alice.http().post("/_matrix/client/v3/rooms/" + left + "/forget", Map.of()));
        JsonNode forgotten = sync(alice, pos, lists);
        assertEquals(2, forgotten.at("/lists/all/count").asInt(), forgotten.toString());
    }

    @Test
    void historyVisibilityHidesWhatCameBeforeTheJoin() {
        Login alice = user("hv");
        Login bob = user("late");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        ok(alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.history_visibility",
                Map.of("history_visibility", "joined")));
        send(alice, roomId, "before bob");
        ok(bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        send(alice, roomId, "after bob");
        JsonNode first = sync(bob, null, body(Map.of("all", list(0, 9, 20, List.of()))));
        List<String> timeline = bodies(first.at("/rooms/" + roomId + "/timeline"));
        assertTrue(timeline.contains("after bob"), timeline.toString());
        assertFalse(timeline.contains("before bob"), timeline.toString());
    }

    @Test
    void anUnknownPosAnswersUnknownPos() {
        Login alice = user("pos");
        Login bob = user("thief");
        createRoom(alice, Map.of());
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 1, List.of())));
        String pos = sync(alice, null, lists).get("pos").asText();
        for (Reply reply : List.of(request(alice, UNSTABLE, "garbage", 0, lists),
                request(alice, UNSTABLE, "999999999", 0, lists),
                request(bob, UNSTABLE, pos, 0, lists),
                request(alice, UNSTABLE, pos, 0, Map.of("conn_id", "other")))) {
            assertEquals(400, reply.status(), reply.text());
            assertEquals("M_UNKNOWN_POS", reply.errcode(), reply.text());
        }
        // Starting over without a pos drops the connection's old states.
        String next = sync(alice, null, lists).get("pos").asText();
        assertNotEquals(pos, next);
        assertEquals("M_UNKNOWN_POS", request(alice, UNSTABLE, pos, 0, lists).errcode());
        ok(request(alice, UNSTABLE, next, 0, lists));

        // A pos stays for a retry until a later one is used; then it is unknown.
        Map<String, Object> wider = body(Map.of("all", list(0, 9, 2, List.of())));
        String widened = sync(alice, next, wider).get("pos").asText();
        assertNotEquals(next, widened);
        assertEquals(widened, sync(alice, next, wider).get("pos").asText(), "a retry answers as before");
        assertNotEquals(widened, sync(alice, widened, lists).get("pos").asText());
        assertEquals("M_UNKNOWN_POS", request(alice, UNSTABLE, next, 0, wider).errcode());

        // A device keeps its 10 most recently used connections: an 11th drops the oldest.
        List<String> positions = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Map<String, Object> body = Map.of("conn_id", "c" + i, "lists", Map.of("all", list(0, 9, 1, List.of())));
            positions.add(sync(alice, null, body).get("pos").asText());
        }
        assertEquals("M_UNKNOWN_POS", request(alice, UNSTABLE, positions.get(0), 0, Map.of("conn_id", "c0")).errcode());
        ok(request(alice, UNSTABLE, positions.get(10), 0, Map.of("conn_id", "c10")));
    }

    @Test
    void badRequestsAreRefused() {
        Login alice = user("bad");
        Map<String, Object> tooMany = new HashMap<>();
        for (int i = 0; i < 101; i++) {
            tooMany.put("l" + i, list(0, 1, 1, List.of()));
        }
        assertEquals("M_INVALID_PARAM", request(alice, UNSTABLE, null, 0, body(tooMany)).errcode());
        assertEquals("M_BAD_JSON", request(alice, UNSTABLE, null, 0,
                body(Map.of("l", Map.of("ranges", List.of(List.of(5, 1)), "timeline_limit", 1)))).errcode());
        assertEquals("M_BAD_JSON", request(alice, UNSTABLE, null, 0,
                body(Map.of("l", Map.of("timeline_limit", -1)))).errcode());
        assertEquals("M_BAD_JSON", request(alice, UNSTABLE, null, 0,
                body(Map.of("l", Map.of("timeline_limit", 1, "required_state", List.of(List.of("a")))))).errcode());
        assertEquals("M_INVALID_PARAM", request(alice, UNSTABLE, null, 0, Map.of("conn_id", "no spaces")).errcode());
        assertEquals("M_INVALID_PARAM", alice.http().post(UNSTABLE + "?timeout=soon", Map.of()).errcode());
        assertEquals("M_INVALID_PARAM", request(alice, UNSTABLE, null, 0, Map.of("set_presence", "busy")).errcode());
        assertEquals(401, http().post(UNSTABLE, Map.of()).status());
    }

    @Test
    void stickyListConfigAndFiltersOfTodaysClients() {
        Login alice = user("sticky");
        Login bob = user("inviter");
        String dm = createRoom(alice, Map.of("is_direct", true));
        String encrypted = createRoom(alice, Map.of("initial_state", List.of(Map.of("type", "m.room.encryption",
                "state_key", "", "content", Map.of("algorithm", "m.megolm.v1.aes-sha2")))));
        String space = createRoom(alice, Map.of("creation_content", Map.of("type", "m.space")));
        String invite = createRoom(bob, Map.of());
        ok(bob.http().post("/_matrix/client/v3/rooms/" + invite + "/invite", Map.of("user_id", alice.userId())));
        ok(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/m.direct",
                Map.of(bob.userId(), List.of(dm))));
        ok(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/rooms/" + encrypted + "/account_data/m.tag",
                Map.of("tags", Map.of("u.work", Map.of()))));
        Map<String, Object> lists = new HashMap<>();
        lists.put("dms", Map.of("ranges", List.of(List.of(0, 9)), "timeline_limit", 1, "required_state", List.of(),
                "filters", Map.of("is_dm", true)));
        lists.put("encrypted", Map.of("ranges", List.of(List.of(0, 9)), "timeline_limit", 1, "required_state", List.of(),
                "filters", Map.of("is_encrypted", true)));
        lists.put("invites", Map.of("ranges", List.of(List.of(0, 9)), "timeline_limit", 1, "required_state", List.of(),
                "filters", Map.of("is_invite", true)));
        lists.put("spaces", Map.of("ranges", List.of(List.of(0, 9)), "timeline_limit", 1, "required_state", List.of(),
                "filters", Map.of("room_types", List.of("m.space"))));
        lists.put("rooms", Map.of("ranges", List.of(List.of(0, 9)), "timeline_limit", 1, "required_state", List.of(),
                "filters", Map.of("not_room_types", List.of("m.space"), "is_invite", false)));
        lists.put("work", Map.of("ranges", List.of(List.of(0, 9)), "timeline_limit", 1, "required_state", List.of(),
                "filters", Map.of("tags", List.of("u.work"))));
        JsonNode first = sync(alice, null, Map.of("lists", lists));
        assertEquals(1, first.at("/lists/dms/count").asInt(), first.toString());
        assertTrue(listNames(first.at("/rooms/" + dm + "/lists")).contains("dms"), first.toString());
        assertTrue(first.at("/rooms/" + dm + "/is_dm").asBoolean());
        assertEquals(1, first.at("/lists/encrypted/count").asInt());
        assertEquals(1, first.at("/lists/invites/count").asInt());
        assertEquals(1, first.at("/lists/spaces/count").asInt());
        assertEquals(2, first.at("/lists/rooms/count").asInt(), "the dm and the encrypted room");
        assertEquals(1, first.at("/lists/work/count").asInt());
        assertTrue(listNames(first.at("/rooms/" + space + "/lists")).contains("spaces"));

        // Today's clients send only the ranges once a list is known: its config and filters stay.
        Map<String, Object> rangesOnly = new HashMap<>();
        lists.keySet().forEach(k -> rangesOnly.put(k, Map.of("ranges", List.of(List.of(0, 9)))));
        JsonNode next = sync(alice, first.get("pos").asText(), Map.of("lists", rangesOnly));
        assertEquals(1, next.at("/lists/dms/count").asInt(), next.toString());
        assertEquals(2, next.at("/lists/rooms/count").asInt());
        assertTrue(next.path("rooms").isEmpty(), next.toString());
    }

    private static List<String> listNames(JsonNode names) {
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void typingAndAccountDataExtensions() {
        Login alice = user("ext");
        Login bob = user("typist");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        ok(bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        ok(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/org.example.global",
                Map.of("a", 1)));
        ok(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/rooms/" + roomId
                + "/account_data/org.example.room", Map.of("b", 2)));
        Map<String, Object> request = Map.of("lists", Map.of("all", list(0, 9, 1, List.of())),
                "extensions", Map.of("account_data", Map.of("enabled", true), "typing", Map.of("enabled", true)));
        JsonNode first = sync(alice, null, request);
        JsonNode data = first.at("/extensions/account_data");
        assertTrue(data.get("global").toString().contains("org.example.global"), data.toString());
        assertEquals("org.example.room", data.at("/rooms/" + roomId + "/0/type").asText(), data.toString());

        ok(bob.http().put("/_matrix/client/v3/rooms/" + roomId + "/typing/" + bob.userId(),
                Map.of("typing", true, "timeout", 20_000)));
        ok(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/org.example.global",
                Map.of("a", 3)));
        // Extensions are sticky: the next request does not repeat them.
        JsonNode next = sync(alice, first.get("pos").asText(), Map.of("lists", Map.of("all", list(0, 9, 1, List.of()))));
        assertEquals(bob.userId(), next.at("/extensions/typing/rooms/" + roomId + "/content/user_ids/0").asText(),
                next.toString());
        assertEquals(3, next.at("/extensions/account_data/global/0/content/a").asInt(), next.toString());
        assertFalse(next.at("/extensions/account_data/rooms").has(roomId), "room data did not change");

        // Not enabled: no sections.
        JsonNode plain = sync(bob, null, Map.of("lists", Map.of("all", list(0, 9, 1, List.of()))));
        assertFalse(plain.path("extensions").has("typing"), plain.toString());
        assertFalse(plain.path("extensions").has("account_data"));
    }

    @Test
    void receiptsExtensionAndUnreadCounts() {
        Login alice = user("reader");
        Login bob = user("writer");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        ok(bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        send(bob, roomId, "one");
        String last = send(bob, roomId, "two");
        Map<String, Object> request = Map.of("lists", Map.of("all", list(0, 9, 1, List.of())),
                "extensions", Map.of("receipts", Map.of("enabled", true)));
        JsonNode first = sync(alice, null, request);
        assertEquals(2, first.at("/rooms/" + roomId + "/notification_count").asInt(), first.toString());
        assertEquals(0, first.at("/rooms/" + roomId + "/highlight_count").asInt(), first.toString());

        ok(alice.http().post("/_matrix/client/v3/rooms/" + roomId + "/receipt/m.read/" + last, Map.of()));
        ok(bob.http().post("/_matrix/client/v3/rooms/" + roomId + "/receipt/m.read.private/" + last, Map.of()));
        JsonNode next = sync(alice, first.get("pos").asText(), Map.of("lists", Map.of("all", list(0, 9, 1, List.of()))));
        JsonNode receipt = next.at("/extensions/receipts/rooms/" + roomId);
        assertEquals("m.receipt", receipt.path("type").asText(), next.toString());
        assertTrue(receipt.at("/content/" + last + "/m.read").has(alice.userId()), receipt.toString());
        // Another user's private receipt is never shown.
        assertFalse(receipt.toString().contains(bob.userId()), receipt.toString());

        send(bob, roomId, "three");
        JsonNode after = sync(alice, next.get("pos").asText(), Map.of("lists", Map.of("all", list(0, 9, 1, List.of()))));
        assertEquals(1, after.at("/rooms/" + roomId + "/notification_count").asInt(), after.toString());
    }

    @Test
    void toDeviceAndE2eeExtensions() {
        Login alice = user("crypto");
        Login bob = user("peer");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        ok(bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        Ed25519Keys aliceKey = new Ed25519Keys();
        ObjectNode fallback = JSON.createObjectNode().put("key", "fb").put("fallback", true);
        ObjectNode otk = JSON.createObjectNode().put("key", "k1");
        String keyId = "ed25519:" + alice.deviceId();
        ok(alice.http().post("/_matrix/client/v3/keys/upload", Map.of(
                "one_time_keys", Map.of("signed_curve25519:AAAA", aliceKey.sign(otk, alice.userId(), keyId)),
                "fallback_keys", Map.of("signed_curve25519:FFFF", aliceKey.sign(fallback, alice.userId(), keyId)))));
        Map<String, Object> request = Map.of("lists", Map.of("all", list(0, 9, 1, List.of())),
                "extensions", Map.of("to_device", Map.of("enabled", true), "e2ee", Map.of("enabled", true)));
        JsonNode first = sync(alice, null, request);
        JsonNode e2ee = first.at("/extensions/e2ee");
        assertEquals(1, e2ee.at("/device_one_time_keys_count/signed_curve25519").asInt(), e2ee.toString());
        assertEquals("signed_curve25519", e2ee.at("/device_unused_fallback_key_types/0").asText());
        assertTrue(first.at("/extensions/to_device/events").isEmpty());

        ok(bob.http().put("/_matrix/client/v3/sendToDevice/m.test/t" + NEXT.incrementAndGet(), Map.of("messages",
                Map.of(alice.userId(), Map.of(alice.deviceId(), Map.of("hello", "alice"))))));
        Ed25519Keys bobKey = new Ed25519Keys();
        ObjectNode bobDevice = JSON.createObjectNode().put("user_id", bob.userId()).put("device_id", bob.deviceId());
        bobDevice.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2");
        bobDevice.putObject("keys").put("curve25519:" + bob.deviceId(), "c").put("ed25519:" + bob.deviceId(),
                bobKey.publicKey());
        ok(bob.http().post("/_matrix/client/v3/keys/upload",
                Map.of("device_keys", bobKey.sign(bobDevice, bob.userId(), "ed25519:" + bob.deviceId()))));
        JsonNode next = sync(alice, first.get("pos").asText(), Map.of("lists", Map.of("all", list(0, 9, 1, List.of()))));
        JsonNode toDevice = next.at("/extensions/to_device");
        assertEquals("alice", toDevice.at("/events/0/content/hello").asText(), next.toString());
        assertEquals(bob.userId(), toDevice.at("/events/0/sender").asText());
        assertTrue(next.at("/extensions/e2ee/device_lists/changed").toString().contains(bob.userId()), next.toString());

        // The client acknowledges with since = next_batch: the message does not come again.
        JsonNode acked = sync(alice, next.get("pos").asText(), Map.of("lists", Map.of("all", list(0, 9, 1, List.of())),
                "extensions", Map.of("to_device", Map.of("since", toDevice.get("next_batch").asText()))));
        assertTrue(acked.at("/extensions/to_device/events").isEmpty(), acked.toString());
    }

    @Test
    void v4SpeaksTheMergedShape() {
        Login alice = user("v4");
        Login bob = user("v4inviter");
        String roomId = createRoom(alice, Map.of("name", "Merged"));
        send(alice, roomId, "hello");
        String invite = createRoom(bob, Map.of("name", "Invite"));
        ok(bob.http().post("/_matrix/client/v3/rooms/" + invite + "/invite", Map.of("user_id", alice.userId())));
        Map<String, Object> body = Map.of("conn_id", "v4", "timeout", 0, "lists", Map.of("all", Map.of("range", List.of(0, 9),
                "timeline_limit", 1, "required_state", Map.of("include", List.of(Map.of()),
                        "exclude", List.of(Map.of("type", "m.room.create")), "lazy_members", true))));
        Reply reply = alice.http().post(V4, body);
        ok(reply);
        JsonNode room = reply.json().at("/rooms/" + roomId);
        assertEquals("Merged", room.get("name").asText());
        assertEquals(0, countType(room.get("required_state"), "m.room.create"), room.toString());
        assertEquals(1, countType(room.get("required_state"), "m.room.name"));
        assertTrue(reply.json().at("/rooms/" + invite + "/stripped_state").toString().contains("Invite"), reply.text());
        Reply next = alice.http().post(V4, Map.of("conn_id", "v4", "pos", reply.json().get("pos").asText(),
                "lists", Map.of("all", Map.of("range", List.of(0, 9), "timeline_limit", 1,
                        "required_state", Map.of()))));
        ok(next);
        assertTrue(next.json().path("rooms").isEmpty(), "a narrower config sends nothing: " + next.text());
        Reply wider = alice.http().post(V4, Map.of("conn_id", "v4", "pos", next.json().get("pos").asText(),
                "lists", Map.of("all", Map.of("range", List.of(0, 9), "timeline_limit", 1,
                        "required_state", Map.of("include", List.of(Map.of("type", "m.room.create", "state_key", "")))))));
        ok(wider);
        JsonNode again = wider.json().at("/rooms/" + roomId);
        assertTrue(again.path("initial").asBoolean(), "a wider config sends the room again: " + wider.text());
        assertEquals(1, countType(again.get("required_state"), "m.room.create"));
    }

    /** The state keys of the membership events in a room's {@code required_state}. */
    static List<String> members(JsonNode room) {
        List<String> out = new ArrayList<>();
        room.path("required_state").forEach(e -> {
            if ("m.room.member".equals(e.get("type").asText())) {
                out.add(e.get("state_key").asText());
            }
        });
        return out;
    }

    @Test
    void newMessagesLeaveOutIgnoredSendersAndBringTheirSendersMemberships() {
        Login alice = user("reader");
        Login bob = user("talker");
        Login carol = user("shunned");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        ok(bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        ok(carol.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        ok(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/m.ignored_user_list",
                Map.of("ignored_users", Map.of(carol.userId(), Map.of()))));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 5, List.of(List.of("m.room.member", "$LAZY")))));
        JsonNode first = sync(alice, null, lists);
        send(carol, roomId, "from carol");
        send(bob, roomId, "from bob");
        JsonNode next = sync(alice, first.get("pos").asText(), lists);
        JsonNode room = next.at("/rooms/" + roomId);
        assertEquals(List.of("from bob"), bodies(room.get("timeline")), next.toString());
        assertEquals(List.of(bob.userId()), members(room), "the sender's membership, lazily loaded");
        assertEquals(1, room.get("num_live").asInt());
        assertFalse(room.has("joined_count"), "nobody joined or left: " + room);
        assertFalse(room.path("initial").asBoolean());
    }

    @Test
    void stateEventsAmongNewMessagesAreSentAsRequiredStateAndCounts() {
        Login alice = user("stateful");
        Login bob = user("joiner");
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "name", "Before"));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 5,
                List.of(List.of("m.room.topic", ""), List.of("m.room.name", "")))));
        JsonNode first = sync(alice, null, lists);
        assertEquals(1, first.at("/rooms/" + roomId + "/joined_count").asInt(), first.toString());
        send(alice, roomId, "before the topic");
        ok(alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.topic", Map.of("topic", "Cats")));
        ok(alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.name", Map.of("name", "After")));
        ok(bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()));
        send(alice, roomId, "after the join");
        JsonNode next = sync(alice, first.get("pos").asText(), lists);
        JsonNode room = next.at("/rooms/" + roomId);
        List<String> state = new ArrayList<>();
        room.get("required_state").forEach(e -> state.add(e.get("type").asText() + "|" + e.at("/content/topic")
                .asText(e.at("/content/name").asText())));
        assertEquals(List.of("m.room.topic|Cats", "m.room.name|After"), state, room.toString());
        assertEquals("After", room.get("name").asText());
        assertEquals(2, room.get("joined_count").asInt(), room.toString());
        assertEquals(List.of("before the topic", "m.room.topic", "m.room.name", "m.room.member", "after the join"),
                bodies(room.get("timeline")));
    }

    @Test
    void aWokenPollMovesTheRoomWithTheNewMessageIntoTheWindow() throws Exception {
        Login alice = user("window");
        String older = createRoom(alice, Map.of("name", "older"));
        String newer = createRoom(alice, Map.of("name", "newer"));
        Map<String, Object> lists = body(Map.of("top", list(0, 0, 1, List.of())));
        JsonNode first = sync(alice, null, lists);
        assertEquals(List.of(newer), names(first.get("rooms")), first.toString());
        CompletableFuture<Reply> poll = CompletableFuture.supplyAsync(() ->
                request(alice, UNSTABLE, first.get("pos").asText(), 20_000, lists));
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
        send(alice, older, "up you go");
        Reply woken = poll.get(15, TimeUnit.SECONDS);
        ok(woken);
        assertTrue(woken.json().path("rooms").has(older), "the room moved into the window: " + woken.text());
        JsonNode room = woken.json().at("/rooms/" + older);
        assertEquals(List.of("up you go"), bodies(room.get("timeline")), woken.text());
        assertTrue(room.get("initial").asBoolean(), "new to the connection");
        assertEquals(List.of(older), names(woken.json().get("rooms")));

        // Woken again by the other room's message: only the new message, and the pos moves on.
        String pos = woken.json().get("pos").asText();
        CompletableFuture<Reply> again = CompletableFuture.supplyAsync(() ->
                request(alice, UNSTABLE, pos, 20_000, lists));
        WaitingPolls.await(http(), 1);
        send(alice, newer, "back on top");
        Reply second = again.get(15, TimeUnit.SECONDS);
        ok(second);
        assertEquals(List.of("back on top"), bodies(second.json().at("/rooms/" + newer + "/timeline")), second.text());
        JsonNode quiet = sync(alice, second.json().get("pos").asText(), lists);
        assertTrue(quiet.path("rooms").isEmpty(), "nothing sent twice: " + quiet);
    }

    @Test
    void aPosAfterNewMessagesNeitherRepeatsNorLosesThem() {
        Login alice = user("positions");
        String a = createRoom(alice, Map.of("name", "a"));
        String b = createRoom(alice, Map.of("name", "b"));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 5, List.of())));
        String pos = sync(alice, null, lists).get("pos").asText();
        send(alice, a, "one");
        JsonNode afterOne = sync(alice, pos, lists);
        assertEquals(List.of("one"), bodies(afterOne.at("/rooms/" + a + "/timeline")), afterOne.toString());
        send(alice, b, "two");
        JsonNode afterTwo = sync(alice, afterOne.get("pos").asText(), lists);
        assertEquals(List.of("two"), bodies(afterTwo.at("/rooms/" + b + "/timeline")), afterTwo.toString());
        assertFalse(afterTwo.get("rooms").has(a), "a has nothing new: " + afterTwo);
        // A retried pos answers the same again.
        JsonNode retry = sync(alice, afterOne.get("pos").asText(), lists);
        assertEquals(List.of("two"), bodies(retry.at("/rooms/" + b + "/timeline")), retry.toString());
        // A room that leaves the window and comes back gets what it missed.
        Map<String, Object> narrow = body(Map.of("all", list(0, 0, 5, List.of())));
        JsonNode narrowed = sync(alice, afterTwo.get("pos").asText(), narrow);
        send(alice, a, "three");
        send(alice, b, "four");
        JsonNode top = sync(alice, narrowed.get("pos").asText(), narrow);
        assertEquals(List.of("four"), bodies(top.at("/rooms/" + b + "/timeline")), top.toString());
        JsonNode widened = sync(alice, top.get("pos").asText(), lists);
        assertEquals(List.of("three"), bodies(widened.at("/rooms/" + a + "/timeline")), widened.toString());
        assertFalse(widened.get("rooms").has(b), widened.toString());
    }

    @Test
    void theSendingDeviceGetsTheTransactionIdsOfItsEventsInEveryRoom() {
        Login alice = user("echo");
        Login otherDevice = Accounts.login(http(), alice.userId(), "pw", false);
        String a = createRoom(alice, Map.of("name", "a"));
        String b = createRoom(alice, Map.of("name", "b"));
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 1, List.of())));
        String pos = sync(alice, null, lists).get("pos").asText();
        String otherPos = sync(otherDevice, null, lists).get("pos").asText();
        for (String room : List.of(a, b)) {
            ok(alice.http().put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/txn-" + room.hashCode(),
                    Map.of("msgtype", "m.text", "body", "mine")));
        }
        for (JsonNode answer : List.of(sync(alice, pos, lists), sync(alice, null, lists))) {
            for (String room : List.of(a, b)) {
                assertEquals("txn-" + room.hashCode(), answer.at("/rooms/" + room + "/timeline/0/unsigned/transaction_id")
                        .asText(), answer.toString());
            }
        }
        // Client-Server API, "Transaction identifiers": only the device that sent the event.
        JsonNode other = sync(otherDevice, otherPos, lists);
        assertEquals(List.of("mine"), bodies(other.at("/rooms/" + a + "/timeline")), other.toString());
        assertTrue(other.at("/rooms/" + a + "/timeline/0/unsigned/transaction_id").isMissingNode(), other.toString());
    }

    @Test
    void anEventOfATypeThatIsNoActivityDoesNotMoveItsRoom() {
        Login alice = user("bumps");
        String a = createRoom(alice, Map.of("name", "a"));
        String b = createRoom(alice, Map.of("name", "b"));
        Map<String, Object> top = body(Map.of("top", list(0, 0, 1, List.of())));
        JsonNode first = sync(alice, null, top);
        assertEquals(List.of(b), names(first.get("rooms")), first.toString());
        long bStamp = first.at("/rooms/" + b + "/bump_stamp").asLong();

        // A topic, a reaction: not "proper" activity (MSC4186 bump_stamp), a stays out of the window.
        String target = send(alice, b, "to react to");
        ok(alice.http().put("/_matrix/client/v3/rooms/" + a + "/state/m.room.topic/", Map.of("topic", "t")));
        ok(alice.http().put("/_matrix/client/v3/rooms/" + a + "/send/m.reaction/r" + NEXT.incrementAndGet(),
                Map.of("m.relates_to", Map.of("rel_type", "m.annotation", "event_id", target, "key", "+1"))));
        JsonNode next = sync(alice, first.get("pos").asText(), top);
        assertEquals(List.of(b), names(next.get("rooms")), next.toString());
        assertTrue(next.at("/rooms/" + b + "/bump_stamp").asLong() > bStamp, next.toString());

        // A message does.
        send(alice, a, "a is newest");
        JsonNode moved = sync(alice, next.get("pos").asText(), top);
        assertEquals(List.of(a), names(moved.get("rooms")), moved.toString());
        assertTrue(moved.at("/rooms/" + a + "/initial").asBoolean(), moved.toString());
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theRoomsKeepTheirOrderAndBumpStampsAcrossARestart() throws Exception {
        TestConfig config = ownServer(dir).openRegistration();
        Path file = config.write();
        Login alice;
        List<String> rooms = new ArrayList<>();
        JsonNode before;
        String pos;
        // Two connections: a new one would start the other over under the same conn_id.
        Map<String, Object> all = Map.of("conn_id", "all", "lists", Map.of("all", list(0, 9, 1, List.of())));
        Map<String, Object> top = body(Map.of("all", list(0, 0, 1, List.of())));
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            alice = user(first.http(), "order");
            for (String name : List.of("a", "b", "c")) {
                rooms.add(createRoom(alice, Map.of("name", name)));
            }
            send(alice, rooms.get(1), "b is newest");
            ok(alice.http().put("/_matrix/client/v3/rooms/" + rooms.get(2) + "/state/m.room.topic/",
                    Map.of("topic", "no activity")));
            before = sync(alice, null, all).get("rooms");
            assertEquals(List.of(rooms.get(1), rooms.get(2), rooms.get(0)), roomOrder(before), before.toString());
            pos = sync(alice, null, top).get("pos").asText();
        }
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            Login again = new Login(alice.userId(), alice.accessToken(), alice.deviceId(), alice.refreshToken(),
                    second.http().as(alice.accessToken()));
            // The connection from before the restart first: its answer fills what the server keeps of the rooms.
            JsonNode same = sync(again, pos, top);
            assertTrue(same.path("rooms").isEmpty(), "the window did not change: " + same);
            JsonNode after = sync(again, null, all).get("rooms");
            for (String roomId : rooms) {
                assertEquals(before.at("/" + roomId + "/bump_stamp").asLong(),
                        after.at("/" + roomId + "/bump_stamp").asLong(), after.toString());
            }
            send(again, rooms.get(0), "a is newest");
            JsonNode moved = sync(again, same.get("pos").asText(), top);
            assertEquals(List.of(rooms.get(0)), names(moved.get("rooms")), moved.toString());
            assertEquals(List.of("a is newest"), bodies(moved.at("/rooms/" + rooms.get(0) + "/timeline")));
        }
    }

    @Test
    void aPosSurvivesARestart() throws Exception {
        TestConfig config = ownServer(dir).openRegistration();
        Path file = config.write();
        Login alice;
        String roomId;
        String pos;
        Map<String, Object> lists = body(Map.of("all", list(0, 9, 5, List.of())));
        try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
            alice = user(first.http(), "restart");
            roomId = createRoom(alice, Map.of("name", "kept"));
            pos = sync(alice, null, lists).get("pos").asText();
        }
        try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
            Login again = new Login(alice.userId(), alice.accessToken(), alice.deviceId(), alice.refreshToken(),
                    second.http().as(alice.accessToken()));
            send(again, roomId, "after the restart");
            for (int i = 0; i < 2; i++) { // the same pos twice, as a retrying client would
                JsonNode next = sync(again, pos, lists);
                JsonNode room = next.at("/rooms/" + roomId);
                assertFalse(room.path("initial").asBoolean(), next.toString());
                assertEquals(List.of("after the restart"), bodies(room.get("timeline")));
            }
        }
    }
}
