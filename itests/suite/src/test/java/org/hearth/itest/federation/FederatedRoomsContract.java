package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.BinaryReply;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Metrics;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rooms across two Hearth servers on loopback (hs1.test, hs2.test, TLS from the test CA, as in
 * {@link FederationWireContract}): joining a room of the other server by alias (directory query,
 * make_join, send_join), the state both then hold, inviting a user of the other server (invite
 * v2). Run once per database by the subclasses.
 */
abstract class FederatedRoomsContract {
    /** The servers' {@code registration.shared_secret}, for their admins. */
    static final String ADMIN_SECRET = "the shared secret of hs2";
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract HearthServer hs1();

    abstract HearthServer hs2();

    @BeforeAll
    static void awaitListeners() {
        FederationWireContract.awaitListeners();
    }

    static Login register(HearthServer server, String name) {
        return Accounts.register(server.http(), name + NEXT.incrementAndGet() + "x" + (System.nanoTime() % 10_000), "pw");
    }

    /** A public room of a user of hs1 with this display name, which a user of hs2 joined through hs1. */
    private record SharedRoom(Login local, Login remote, String roomId) {}

    private SharedRoom sharedRoom(String localName) {
        Login local = register(hs1(), "alice");
        assertEquals(200, as(local).put("/_matrix/client/v3/profile/" + enc(local.userId()) + "/displayname",
                Map.of("displayname", localName)).status());
        String roomId = room(local, Map.of("preset", "public_chat"));
        Login remote = register(hs2(), "bob");
        Reply join = as(remote).post("/_matrix/client/v3/join/" + enc(roomId) + "?via=hs1.test", Map.of());
        assertEquals(200, join.status(), join.toString());
        return new SharedRoom(local, remote, roomId);
    }

    static MatrixHttp as(Login who) {
        return who.http().as(who.accessToken());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Set<String> joined(Login who, String roomId) {
        Reply reply = as(who).get("/_matrix/client/v3/rooms/" + enc(roomId) + "/joined_members");
        assertEquals(200, reply.status(), reply.toString());
        Set<String> users = new HashSet<>();
        reply.json().path("joined").fieldNames().forEachRemaining(users::add);
        return users;
    }

    /** A public room of alice of hs1 that an admin of {@code blocking} blocked, and the way to lift it. */
    private record BlockedRoom(Login alice, String roomId, Login admin) {
        Reply block(boolean block) {
            return as(admin).put("/_synapse/admin/v1/rooms/" + enc(roomId) + "/block", Map.of("block", block));
        }
    }

    private BlockedRoom blockedRoomOfHs1(HearthServer blocking) {
        Login alice = register(hs1(), "alice");
        String roomId = room(alice, Map.of("preset", "public_chat"));
        Login root = Accounts.registerWithSharedSecret(blocking.http(), ADMIN_SECRET, "root" + NEXT.incrementAndGet(),
                "root pw", true);
        BlockedRoom room = new BlockedRoom(alice, roomId, root);
        Reply blocked = room.block(true);
        assertEquals(200, blocked.status(), blocked.toString());
        return room;
    }

    @Test
    void aRoomOfHs1BlockedOnHs2TakesNoUserOfHs2() {
        BlockedRoom room = blockedRoomOfHs1(hs2());
        Login bob = register(hs2(), "bob");

        // hs2 asks its policies before it sends its user's join anywhere
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc(room.roomId()) + "?via=hs1.test", Map.of());
        assertEquals(403, join.status(), join.toString());
        assertTrue(join.text().contains("blocked"), join.toString());
        // and refuses an invite of its user into the room
        Reply invite = as(room.alice()).post("/_matrix/client/v3/rooms/" + enc(room.roomId()) + "/invite",
                Map.of("user_id", bob.userId()));
        assertEquals(403, invite.status(), invite.toString());
        assertEquals(Set.of(room.alice().userId()), joined(room.alice(), room.roomId()));

        Reply lifted = room.block(false);
        assertEquals(200, lifted.status(), lifted.toString());
        Reply again = as(bob).post("/_matrix/client/v3/join/" + enc(room.roomId()) + "?via=hs1.test", Map.of());
        assertEquals(200, again.status(), again.toString());
    }

    @Test
    void aRoomBlockedOnHs1TakesNoOneThroughHs1() {
        BlockedRoom room = blockedRoomOfHs1(hs1());

        // hs1 refuses the send_join of hs2's user; alice, already in, stays
        Login bob = register(hs2(), "bob");
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc(room.roomId()) + "?via=hs1.test", Map.of());
        assertEquals(403, join.status(), join.toString());
        assertEquals(Set.of(room.alice().userId()), joined(room.alice(), room.roomId()));
    }

    @Test
    void bobOfHs2JoinsARoomOfHs1ByAliasAndAliceInvitesCarolOfHs2() {
        Login alice = register(hs1(), "alice");
        String aliasName = "hall" + NEXT.incrementAndGet();
        Reply created = as(alice).post("/_matrix/client/v3/createRoom",
                Map.of("preset", "public_chat", "room_alias_name", aliasName, "name", "The hall"));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();

        Login bob = register(hs2(), "bob");
        String beforeJoin = as(bob).get("/_matrix/client/v3/sync?timeout=0").json().path("next_batch").asText();
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc("#" + aliasName + ":hs1.test"), Map.of());
        assertEquals(200, join.status(), join.toString());
        assertEquals(roomId, join.json().path("room_id").asText());
        assertJoinedInSync(bob, roomId, beforeJoin, Set.of(alice.userId(), bob.userId()));

        // hs2 holds the room's state, hs1 took Bob's join through send_join
        assertEquals(Set.of(alice.userId(), bob.userId()), joined(bob, roomId));
        assertEquals(Set.of(alice.userId(), bob.userId()), joined(alice, roomId));
        Reply name = as(bob).get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.name/");
        assertEquals("The hall", name.json().path("name").asText(), name.toString());

        Login carol = register(hs2(), "carol");
        Reply invite = as(alice).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/invite",
                Map.of("user_id", carol.userId()));
        assertEquals(200, invite.status(), invite.toString());
        String beforeInvite = as(carol).get("/_matrix/client/v3/sync?timeout=0").json().path("next_batch").asText();
        Await.until("Carol's invite on hs2", Duration.ofSeconds(20), () -> {
            JsonNode sync = as(carol).get("/_matrix/client/v3/sync?timeout=0").json();
            return sync.path("rooms").path("invite").has(roomId);
        });
        Reply accepted = as(carol).post("/_matrix/client/v3/join/" + enc(roomId), Map.of());
        assertEquals(200, accepted.status(), accepted.toString());
        assertJoinedInSync(carol, roomId, beforeInvite, Set.of(alice.userId(), bob.userId(), carol.userId()));
    }

    /**
     * The room's state reaches the user's client with their join (through the other server), in an
     * initial sync and in an incremental one from before the join: every member's join event. A
     * join with partial state keeps the room out of such syncs (no lazy-loaded members) until its
     * members are fetched: the room is awaited until it comes whole (a sync that reads the room
     * while its completion commits may still send it as it was; the next one sends it whole).
     */
    private static void assertJoinedInSync(Login who, String roomId, String before, Set<String> expected) {
        for (String since : List.of("", "&since=" + enc(before))) {
            String sync = "/_matrix/client/v3/sync?timeout=0" + since;
            Await.until(who.userId() + "'s sync" + since + " to hold the room with " + expected + " joined",
                    Duration.ofSeconds(30), () -> {
                JsonNode room = as(who).get(sync).json().path("rooms").path("join").path(roomId);
                Set<String> members = new HashSet<>();
                for (String section : List.of("state", "timeline")) {
                    room.path(section).path("events").forEach(e -> {
                        if ("m.room.member".equals(e.path("type").asText())
                                && "join".equals(e.path("content").path("membership").asText())) {
                            members.add(e.path("state_key").asText());
                        }
                    });
                }
                return members.equals(expected);
            });
        }
    }

    /** The room's message bodies as the reader's server orders them (oldest first, the last 50). */
    static List<String> bodies(Login who, String roomId) {
        Reply reply = as(who).get("/_matrix/client/v3/rooms/" + enc(roomId) + "/messages?dir=b&limit=50");
        assertEquals(200, reply.status(), reply.toString());
        List<String> bodies = new ArrayList<>();
        for (JsonNode e : reply.json().path("chunk")) {
            if ("m.room.message".equals(e.path("type").asText())) {
                bodies.add(0, e.path("content").path("body").asText());
            }
        }
        return bodies;
    }

    private static void say(Login who, String roomId, String body) {
        Reply sent = as(who).put("/_matrix/client/v3/rooms/" + enc(roomId) + "/send/m.room.message/t"
                + NEXT.incrementAndGet(), Map.of("msgtype", "m.text", "body", body));
        assertEquals(200, sent.status(), sent.toString());
    }

    @Test
    void bothServersSeeTheSameMessagesInTheSameOrderAndALeave() {
        Login alice = register(hs1(), "alice");
        Reply created = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"));
        String roomId = created.json().path("room_id").asText();
        Login bob = register(hs2(), "bob");
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test", Map.of());
        assertEquals(200, join.status(), join.toString());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Login speaker = i % 2 == 0 ? alice : bob;
            String body = "message " + i + " from " + speaker.userId();
            say(speaker, roomId, body);
            expected.add(body);
            Await.until("both servers have " + body, Duration.ofSeconds(30),
                    () -> bodies(alice, roomId).equals(expected) && bodies(bob, roomId).equals(expected));
        }

        Reply leave = as(bob).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/leave", Map.of());
        assertEquals(200, leave.status(), leave.toString());
        Await.until("hs1 sees Bob leave", Duration.ofSeconds(30),
                () -> joined(alice, roomId).equals(Set.of(alice.userId())));
    }

    /**
     * A message from the other server notifies the local members as a local one does (spec "Push
     * Rules", evaluated as the received event is stored, from the room once it is applied, and
     * written with it): on hs1, the unread counts of the sync that first shows Alice Bob's
     * messages count them, and {@code /notifications} lists them, the one that mentions her
     * ({@code m.mentions}) highlighted.
     */
    @Test
    void messagesFromTheOtherServerNotifyTheLocalMembers() {
        String name = "Alice Liddell " + NEXT.incrementAndGet();
        SharedRoom shared = sharedRoom(name);
        String roomId = shared.roomId();
        say(shared.remote(), roomId, "plain words");
        Reply mention = as(shared.remote()).put("/_matrix/client/v3/rooms/" + enc(roomId) + "/send/m.room.message/m"
                + NEXT.incrementAndGet(), Map.of("msgtype", "m.text", "body", "hello " + name,
                "m.mentions", Map.of("user_ids", List.of(shared.local().userId()))));
        assertEquals(200, mention.status(), mention.toString());
        JsonNode[] room = {null};
        Await.until("Alice's sync shows Bob's second message", Duration.ofSeconds(30), () -> {
            room[0] = as(shared.local()).get("/_matrix/client/v3/sync?timeout=0").json().path("rooms").path("join")
                    .path(roomId);
            return room[0].path("timeline").path("events").findValuesAsText("body").contains("hello " + name);
        });
        JsonNode counts = room[0].path("unread_notifications");
        assertEquals("2/1", counts.path("notification_count").asInt() + "/" + counts.path("highlight_count").asInt(),
                "the unread counts of the sync that shows the messages: " + counts);
        Reply listed = as(shared.local()).get("/_matrix/client/v3/notifications");
        assertEquals(200, listed.status(), listed.toString());
        Map<String, Boolean> highlighted = new HashMap<>();
        for (JsonNode n : listed.json().path("notifications")) {
            boolean highlight = false;
            for (JsonNode action : n.path("actions")) {
                highlight |= "highlight".equals(action.path("set_tweak").asText()) && action.path("value").asBoolean(true);
            }
            highlighted.put(n.path("event").path("content").path("body").asText(), highlight);
        }
        assertEquals(Map.of("plain words", false, "hello " + name, true), highlighted, listed.toString());
    }

    /**
     * A message from the other server is activity on this one too (MSC4186 {@code bump_stamp}):
     * it moves its room to the top of Bob's sliding sync list on hs2, where the other room was.
     */
    @Test
    void aMessageFromTheOtherServerMovesItsRoomToTheTopOfTheSlidingSyncList() {
        Login alice = register(hs1(), "alice");
        Login bob = register(hs2(), "bob");
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String roomId = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat")).json()
                    .path("room_id").asText();
            Reply join = as(bob).post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test", Map.of());
            assertEquals(200, join.status(), join.toString());
            rooms.add(roomId);
        }
        String path = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync?timeout=0";
        Map<String, Object> top = Map.of("lists", Map.of("top", Map.of("ranges", List.of(List.of(0, 0)),
                "timeline_limit", 1, "required_state", List.of())));
        Reply first = as(bob).post(path, top);
        assertEquals(200, first.status(), first.toString());
        List<String> inWindow = new ArrayList<>();
        first.json().path("rooms").fieldNames().forEachRemaining(inWindow::add);
        assertEquals(1, inWindow.size(), first.toString());
        String other = rooms.get(0).equals(inWindow.get(0)) ? rooms.get(1) : rooms.get(0);

        say(alice, other, "from hs1");
        String[] pos = {first.json().path("pos").asText()};
        Await.until("the room of hs1's message at the top on hs2", Duration.ofSeconds(30), () -> {
            Reply next = as(bob).post(path + "&pos=" + pos[0], top);
            assertEquals(200, next.status(), next.toString());
            pos[0] = next.json().path("pos").asText();
            return next.json().path("rooms").has(other);
        });
    }

    /**
     * History from before hs2 joined (Server-Server API, "Backfilling and retrieving missing
     * events"): hs2 holds the room from Bob's join on, so when Bob pages back past it hs2 asks hs1
     * with /backfill, page after page, and Bob reads the earlier messages in order; they are
     * history, not news (no incremental sync shows them), and the room goes on from where it was
     * (Bob's next message reaches hs1).
     */
    @Test
    void bobPagesBackIntoHistoryFromBeforeHs2Joined() {
        Login alice = register(hs1(), "alice");
        String roomId = room(alice, Map.of("preset", "public_chat"));
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            earlier.add("before hs2 joined " + i);
            say(alice, roomId, earlier.get(i));
        }
        Login bob = register(hs2(), "bob");
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test", Map.of());
        assertEquals(200, join.status(), join.toString());
        String afterJoin = as(bob).get("/_matrix/client/v3/sync?timeout=0").json().path("next_batch").asText();

        // pages of 3 newest first, from the end of the room; each page past the join fetches more
        PagedBack back = PagedBack.of(as(bob), roomId, 3, 20);
        List<String> paged = back.bodies();
        List<String> types = back.types();
        assertEquals(earlier, paged, "Bob's pages back: " + types);
        assertEquals("m.room.create", types.get(types.size() - 1), "the room's history to its start: " + types);

        JsonNode since = as(bob).get("/_matrix/client/v3/sync?timeout=0&since=" + enc(afterJoin)).json();
        JsonNode timeline = since.path("rooms").path("join").path(roomId).path("timeline").path("events");
        timeline.forEach(e -> assertTrue(!"m.room.message".equals(e.path("type").asText()),
                "history is not news: " + timeline));

        say(bob, roomId, "after the history");
        List<String> all = new ArrayList<>(earlier);
        all.add("after the history");
        Await.until("hs1 has Bob's message after the history", Duration.ofSeconds(30),
                () -> bodies(alice, roomId).equals(all));
        assertEquals(all, bodies(bob, roomId));
    }

    /**
     * Erasure (Client-Server API, {@code POST /account/deactivate} with {@code erase}): "any users
     * (or servers) which join the room after the erasure request are served redacted copies". hs2
     * joins after Alice of hs1 asked for erasure; the history it backfills from hs1 holds her
     * message redacted (its content hash then fails, so hs2 keeps what redaction leaves), while
     * Carol, who was there, still reads it on hs1.
     */
    @Test
    void aServerJoiningAfterAnErasureBackfillsTheErasedUsersMessagesRedacted() {
        Login alice = register(hs1(), "erased");
        Login carol = register(hs1(), "carol");
        String roomId = room(alice, Map.of("preset", "public_chat"));
        assertEquals(200, as(carol).post("/_matrix/client/v3/join/" + enc(roomId), Map.of()).status());
        say(alice, roomId, "to be erased");
        say(carol, roomId, "kept");
        Reply challenge = as(alice).post("/_matrix/client/v3/account/deactivate", Map.of());
        Reply deactivated = as(alice).post("/_matrix/client/v3/account/deactivate", Map.of("erase", true,
                "auth", Map.of("type", "m.login.password", "session", challenge.json().path("session").asText(),
                        "password", "pw", "identifier", Map.of("type", "m.id.user", "user", alice.userId()))));
        assertEquals(200, deactivated.status(), deactivated.toString());

        Login bob = register(hs2(), "bob");
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test", Map.of());
        assertEquals(200, join.status(), join.toString());

        assertEquals(List.of("", "kept"), bodies(bob, roomId), "hs2 backfilled Alice's message redacted");
        assertEquals(List.of("to be erased", "kept"), bodies(carol, roomId), "Carol was there");
    }

    @Test
    void anInviteToARoomHs2IsNotInShowsAndCanBeRefused() {
        Login alice = register(hs1(), "alice");
        Reply created = as(alice).post("/_matrix/client/v3/createRoom",
                Map.of("preset", "private_chat", "name", "Back office"));
        String roomId = created.json().path("room_id").asText();
        Login dave = register(hs2(), "dave");
        Reply invite = as(alice).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/invite",
                Map.of("user_id", dave.userId()));
        assertEquals(200, invite.status(), invite.toString());
        JsonNode sync = as(dave).get("/_matrix/client/v3/sync?timeout=0").json();
        assertTrue(sync.path("rooms").path("invite").has(roomId), sync.toString());
        // hs2 is not in the room: what Dave sees of it is the stripped state hs1 sent with the invite
        Map<String, JsonNode> stripped = new HashMap<>();
        sync.path("rooms").path("invite").path(roomId).path("invite_state").path("events")
                .forEach(e -> stripped.put(e.path("type").asText(), e));
        assertEquals("Back office", stripped.getOrDefault("m.room.name", NullNode.getInstance())
                .path("content").path("name").asText(), sync.toString());
        assertEquals("invite", stripped.getOrDefault("m.room.join_rules", NullNode.getInstance())
                .path("content").path("join_rule").asText(), sync.toString());
        assertEquals("invite", stripped.getOrDefault("m.room.member", NullNode.getInstance())
                .path("content").path("membership").asText(), sync.toString());

        // refusing goes back to hs1 through make_leave/send_leave
        Reply leave = as(dave).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/leave", Map.of());
        assertEquals(200, leave.status(), leave.toString());
        Reply members = as(alice).get("/_matrix/client/v3/rooms/" + enc(roomId) + "/members");
        boolean left = false;
        for (JsonNode e : members.json().path("chunk")) {
            left |= dave.userId().equals(e.path("state_key").asText())
                    && "leave".equals(e.path("content").path("membership").asText());
        }
        assertTrue(left, "hs1 has Dave's leave: " + members);
    }

    /**
     * An invite made with the room's creation ({@code createRoom} {@code invite}) to a user of a
     * server not in the room: that server signs it, and the user's join brings the whole room
     * state to their client, though their timeline starts with the invite.
     */
    @Test
    void anInviteAtCreationToARoomHs2IsNotInCanBeAccepted() {
        Login alice = register(hs1(), "alice");
        Login erin = register(hs2(), "erin");
        String beforeInvite = as(erin).get("/_matrix/client/v3/sync?timeout=0").json().path("next_batch").asText();
        Reply created = as(alice).post("/_matrix/client/v3/createRoom",
                Map.of("preset", "private_chat", "invite", List.of(erin.userId())));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();
        JsonNode sync = as(erin).get("/_matrix/client/v3/sync?timeout=0").json();
        assertTrue(sync.path("rooms").path("invite").has(roomId), sync.toString());

        Reply joined = as(erin).post("/_matrix/client/v3/join/" + enc(roomId), Map.of());
        assertEquals(200, joined.status(), joined.toString());
        assertEquals(Set.of(alice.userId(), erin.userId()), joined(alice, roomId));
        assertJoinedInSync(erin, roomId, beforeInvite, Set.of(alice.userId(), erin.userId()));
    }

    /**
     * The user directory of hs2 names hs1's users by their member events while hs2 is in a public
     * room with them, never after it left.
     */
    @Test
    void aUserOfTheOtherServerIsInTheDirectoryWhileARoomIsShared() {
        String name = "Alice of the north " + NEXT.incrementAndGet();
        SharedRoom shared = sharedRoom(name);
        Login alice = shared.local();
        Login grace = shared.remote();
        String roomId = shared.roomId();

        // a join with partial state learns Alice's membership, and so her name, in the background
        Await.until("hs2's directory to know Alice", Duration.ofSeconds(30), () -> as(grace).post(
                "/_matrix/client/v3/user_directory/search", Map.of("search_term", name)).json().path("results").size() == 1);
        JsonNode found = as(grace).post("/_matrix/client/v3/user_directory/search", Map.of("search_term", name)).json();
        assertEquals(1, found.path("results").size(), found.toString());
        assertEquals(alice.userId(), found.path("results").get(0).path("user_id").asText());
        assertEquals(name, found.path("results").get(0).path("display_name").asText(), found.toString());

        assertEquals(200, as(grace).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/leave", Map.of()).status());
        JsonNode after = as(grace).post("/_matrix/client/v3/user_directory/search", Map.of("search_term", name)).json();
        assertEquals(0, after.path("results").size(),
                "hs2 left the public room, so it no longer knows who is in it: " + after);
    }

    /** Servers learn the presence of users they come to share a room with (Server-Server API, "Presence"). */
    @Test
    void usersWhoComeToShareARoomLearnEachOthersPresenceAcrossServers() {
        Login alice = register(hs1(), "alice");
        Login henry = register(hs2(), "henry");
        for (Login who : List.of(alice, henry)) {
            assertEquals(200, as(who).put("/_matrix/client/v3/presence/" + enc(who.userId()) + "/status",
                    Map.of("presence", "online", "status_msg", "at my desk")).status());
        }
        String roomId = room(alice, Map.of("preset", "private_chat", "invite", List.of(henry.userId())));
        assertEquals(200, as(henry).post("/_matrix/client/v3/join/" + enc(roomId) + "?via=hs1.test", Map.of()).status());

        Await.until("Alice's sync has Henry's presence", Duration.ofSeconds(30), () -> presenceOf(alice, henry));
        Await.until("Henry's sync has Alice's presence", Duration.ofSeconds(30), () -> presenceOf(henry, alice));
    }

    /** Whether an initial sync of {@code viewer} shows {@code user} online with their status. */
    private static boolean presenceOf(Login viewer, Login user) {
        for (JsonNode event : as(viewer).get("/_matrix/client/v3/sync?timeout=0").json().path("presence").path("events")) {
            if (event.path("sender").asText().equals(user.userId())) {
                return "online".equals(event.path("content").path("presence").asText())
                        && "at my desk".equals(event.path("content").path("status_msg").asText());
            }
        }
        return false;
    }

    @Test
    void aPrivateRoomCannotBeJoinedFromTheOtherServer() {
        Login alice = register(hs1(), "alice");
        Reply created = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "private_chat"));
        String roomId = created.json().path("room_id").asText();
        Login eve = register(hs2(), "eve");
        Reply join = as(eve).post("/_matrix/client/v3/join/" + enc(roomId) + "?via=hs1.test", Map.of());
        assertEquals(403, join.status(), join.toString());
        assertEquals("M_FORBIDDEN", join.json().path("errcode").asText());
    }

    /**
     * A guest of hs2 invited to a room of hs1 (hs2 holds none of its state): the room's
     * guest_access comes with the join (send_join) and decides (Client-Server API, "Guest
     * Access"): can_join lets the guest in; forbidden is a 403, the guest left again.
     */
    @Test
    void aGuestJoinsARoomOfTheOtherServerOnlyWhenItsStateLetsGuestsIn() {
        Login alice = register(hs1(), "alice");
        for (String access : List.of("can_join", "forbidden")) {
            Reply created = as(alice).post("/_matrix/client/v3/createRoom",
                    Map.of("preset", "private_chat", "initial_state", List.of(Map.of("type", "m.room.guest_access",
                            "state_key", "", "content", Map.of("guest_access", access)))));
            assertEquals(200, created.status(), created.toString());
            String roomId = created.json().path("room_id").asText();
            Reply registered = hs2().http().post("/_matrix/client/v3/register?kind=guest", Map.of());
            assertEquals(200, registered.status(), registered.toString());
            String guest = registered.json().path("user_id").asText();
            MatrixHttp guestHttp = hs2().http().as(registered.json().path("access_token").asText());
            assertEquals(200, as(alice).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/invite",
                    Map.of("user_id", guest)).status());

            Reply join = guestHttp.post("/_matrix/client/v3/join/" + enc(roomId), Map.of());
            if ("can_join".equals(access)) {
                assertEquals(200, join.status(), join.toString());
                assertEquals(Set.of(alice.userId(), guest), joined(alice, roomId));
            } else {
                assertEquals(403, join.status(), join.toString());
                assertEquals("M_FORBIDDEN", join.json().path("errcode").asText(), join.toString());
                Await.until("hs1 has the guest's leave", Duration.ofSeconds(30), () -> "leave".equals(as(alice)
                        .get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.member/" + enc(guest))
                        .json().path("membership").asText()));
            }
        }
    }

    /**
     * Knocking across servers (Client-Server API, "Knocking on rooms"; Server-Server API,
     * "Knocking upon a room": make_knock, send_knock): Kim of hs2 knocks on a room of hs1 whose
     * join rule is knock, with a reason; Kim's sync shows the room as knocked; Alice on hs1 sees
     * the knock and its reason, invites Kim, and Kim joins.
     */
    @Test
    void aUserOfHs2KnocksOnARoomOfHs1AndIsLetIn() {
        Login alice = register(hs1(), "alice");
        Reply created = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "private_chat",
                "initial_state", List.of(Map.of("type", "m.room.join_rules", "state_key", "",
                        "content", Map.of("join_rule", "knock")))));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();
        Login kim = register(hs2(), "kim");
        String kimPath = "/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.member/" + enc(kim.userId());

        Reply knock = as(kim).post("/_matrix/client/v3/knock/" + enc(roomId) + "?via=hs1.test",
                Map.of("reason", "let me in"));
        assertEquals(200, knock.status(), knock.toString());
        assertEquals(roomId, knock.json().path("room_id").asText(), knock.toString());
        Await.until("hs1 to hold Kim's knock", Duration.ofSeconds(30),
                () -> "knock".equals(as(alice).get(kimPath).json().path("membership").asText()));
        assertEquals("let me in", as(alice).get(kimPath).json().path("reason").asText());
        JsonNode knocked = as(kim).get("/_matrix/client/v3/sync?timeout=0").json().path("rooms").path("knock");
        assertTrue(knocked.has(roomId), "Kim's sync shows the knock: " + knocked);

        assertEquals(200, as(alice).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/invite",
                Map.of("user_id", kim.userId())).status());
        Reply join = as(kim).post("/_matrix/client/v3/join/" + enc(roomId) + "?via=hs1.test", Map.of());
        assertEquals(200, join.status(), join.toString());
        Await.until("hs1 to hold Kim's join", Duration.ofSeconds(30),
                () -> joined(alice, roomId).equals(Set.of(alice.userId(), kim.userId())));
    }

    @Test
    void anAliasUnknownOnTheOtherServerIsNotFound() {
        Login frank = register(hs2(), "frank");
        Reply join = as(frank).post("/_matrix/client/v3/join/" + enc("#nowhere:hs1.test"), Map.of());
        assertEquals(404, join.status(), join.toString());
        assertEquals("M_NOT_FOUND", join.json().path("errcode").asText());
    }

    @Test
    void hs2ReadsTheRoomDirectoryOfHs1OverFederation() {
        Login alice = register(hs1(), "alice");
        String name = "Directory room " + NEXT.incrementAndGet() + "x" + (System.nanoTime() % 10_000);
        Reply created = as(alice).post("/_matrix/client/v3/createRoom",
                Map.of("preset", "public_chat", "visibility", "public", "name", name));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();
        Login bob = register(hs2(), "bob");

        Reply page = as(bob).get("/_matrix/client/v3/publicRooms?server=hs1.test&limit=500");
        assertEquals(200, page.status(), page.toString());
        JsonNode listed = roomIn(page.json(), roomId);
        assertEquals(name, listed.path("name").asText(), page.toString());
        assertEquals(1, listed.path("num_joined_members").asInt());
        assertEquals("public", listed.path("join_rule").asText());

        Reply found = as(bob).post("/_matrix/client/v3/publicRooms?server=hs1.test",
                Map.of("filter", Map.of("generic_search_term", name)));
        assertEquals(200, found.status(), found.toString());
        assertEquals(1, found.json().path("chunk").size(), found.toString());
        assertEquals(roomId, found.json().path("chunk").path(0).path("room_id").asText());
        Reply none = as(bob).post("/_matrix/client/v3/publicRooms?server=hs1.test",
                Map.of("filter", Map.of("generic_search_term", "no room is called this " + name)));
        assertEquals(0, none.json().path("chunk").size(), none.toString());

        Reply bad = as(bob).get("/_matrix/client/v3/publicRooms?server=" + enc("not a server!"));
        assertEquals(400, bad.status(), bad.toString());
    }

    @Test
    void hs2ReadsTheProfileOfAUserOfHs1OverFederation() {
        Login alice = register(hs1(), "alice");
        Reply set = as(alice).put("/_matrix/client/v3/profile/" + enc(alice.userId()) + "/displayname",
                Map.of("displayname", "Alice of hs1"));
        assertEquals(200, set.status(), set.toString());
        Login bob = register(hs2(), "bob");

        Reply name = as(bob).get("/_matrix/client/v3/profile/" + enc(alice.userId()) + "/displayname");
        assertEquals(200, name.status(), name.toString());
        assertEquals("Alice of hs1", name.json().path("displayname").asText());
        Reply whole = as(bob).get("/_matrix/client/v3/profile/" + enc(alice.userId()));
        assertEquals(200, whole.status(), whole.toString());
        assertEquals("Alice of hs1", whole.json().path("displayname").asText());

        Reply unknown = as(bob).get("/_matrix/client/v3/profile/" + enc("@nobody:hs1.test") + "/displayname");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("M_NOT_FOUND", unknown.json().path("errcode").asText());
    }

    private static JsonNode roomIn(JsonNode page, String roomId) {
        for (JsonNode room : page.path("chunk")) {
            if (roomId.equals(room.path("room_id").asText())) {
                return room;
            }
        }
        throw new AssertionError(roomId + " is not listed: " + page);
    }

    @Test
    void aSpaceSpanningBothServersShowsWhatEachUserMaySee() {
        Login alice = register(hs1(), "alice");
        Login bob = register(hs2(), "bob");
        String space = room(alice, Map.of("preset", "public_chat", "name", "Space",
                "creation_content", Map.of("type", "m.space")));
        String open = room(alice, Map.of("preset", "public_chat", "name", "Open"));
        String closed = room(alice, Map.of("preset", "private_chat", "name", "Closed"));
        String subspace = room(alice, Map.of("preset", "public_chat", "name", "Subspace",
                "creation_content", Map.of("type", "m.space")));
        String deep = room(alice, Map.of("preset", "public_chat", "name", "Deep"));
        String bobs = room(bob, Map.of("preset", "public_chat", "name", "Bob's"));
        addChild(alice, space, open, "hs1.test", true);
        addChild(alice, space, closed, "hs1.test", false);
        addChild(alice, space, subspace, "hs1.test", false);
        addChild(alice, subspace, deep, "hs1.test", false);
        addChild(alice, space, bobs, "hs2.test", false);

        // hs1 holds all but Bob's room, asked of hs2 over federation; depth first, children in the order they were added
        assertEquals(List.of(space, open, closed, subspace, deep, bobs), hierarchy(alice, space, ""));
        assertEquals(List.of(space, open, closed, subspace, bobs), hierarchy(alice, space, "&max_depth=1"));
        assertEquals(List.of(space, open), hierarchy(alice, space, "&suggested_only=true"));

        // Bob joins the space: hs2 holds it and Bob's room, and asks hs1 for the others; the closed room stays hidden
        Reply joined = as(bob).post("/_matrix/client/v3/join/" + enc(space) + "?server_name=hs1.test", Map.of());
        assertEquals(200, joined.status(), joined.toString());
        assertEquals(List.of(space, open, subspace, deep, bobs), hierarchy(bob, space, ""));

        // pages of two, the tree walked on from where the last page ended
        List<String> paged = new ArrayList<>();
        String from = null;
        for (int pages = 0; pages < 5; pages++) {
            Reply page = as(alice).get("/_matrix/client/v1/rooms/" + enc(space) + "/hierarchy?limit=2"
                    + (from == null ? "" : "&from=" + enc(from)));
            assertEquals(200, page.status(), page.toString());
            page.json().path("rooms").forEach(r -> paged.add(r.path("room_id").asText()));
            from = page.json().path("next_batch").asText(null);
            if (from == null) {
                break;
            }
        }
        assertEquals(hierarchy(alice, space, ""), paged);
        Reply changed = as(alice).get("/_matrix/client/v1/rooms/" + enc(space) + "/hierarchy?limit=2&max_depth=1&from="
                + enc(as(alice).get("/_matrix/client/v1/rooms/" + enc(space) + "/hierarchy?limit=2").json()
                        .path("next_batch").asText()));
        assertEquals(400, changed.status(), changed.toString());

        // a user of hs2 in none of these rooms cannot look into the closed one
        Login eve = register(hs2(), "eve");
        Reply hidden = as(eve).get("/_matrix/client/v1/rooms/" + enc(closed) + "/hierarchy");
        assertEquals(403, hidden.status(), hidden.toString());
        assertEquals("M_FORBIDDEN", hidden.json().path("errcode").asText());
    }

    private static String room(Login who, Map<String, Object> request) {
        Reply created = as(who).post("/_matrix/client/v3/createRoom", request);
        assertEquals(200, created.status(), created.toString());
        return created.json().path("room_id").asText();
    }

    private static void addChild(Login who, String space, String child, String via, boolean suggested) {
        Reply put = as(who).put("/_matrix/client/v3/rooms/" + enc(space) + "/state/m.space.child/" + enc(child),
                // an order key each: children added within one millisecond still come in the order added
                Map.of("via", List.of(via), "suggested", suggested, "order", String.format("%08d", NEXT.incrementAndGet())));
        assertEquals(200, put.status(), put.toString());
    }

    private static List<String> hierarchy(Login who, String space, String query) {
        Reply reply = as(who).get("/_matrix/client/v1/rooms/" + enc(space) + "/hierarchy?limit=50" + query);
        assertEquals(200, reply.status(), reply.toString());
        List<String> ids = new ArrayList<>();
        reply.json().path("rooms").forEach(r -> ids.add(r.path("room_id").asText()));
        return ids;
    }

    /**
     * An upgrade made on hs1 reaches hs2's own settings once a user of hs2 joins the new room: the
     * aliases hs2 held for the old room, and its listing in hs2's public directory, move to the
     * new room (the old room's tombstone names it).
     */
    @Test
    void anUpgradeOnHs1MovesHs2sAliasAndListing() {
        Login alice = register(hs1(), "alice");
        String roomId = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"))
                .json().path("room_id").asText();
        Login bob = register(hs2(), "bob");
        assertEquals(200, as(bob).post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test", Map.of())
                .status());
        Reply levels = as(alice).put("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.power_levels/",
                Map.of("users", Map.of(bob.userId(), 100)));
        assertEquals(200, levels.status(), levels.toString());
        Await.until("hs2 has Bob's power", Duration.ofSeconds(30), () -> as(bob)
                .get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.power_levels/").json()
                .path("users").path(bob.userId()).asInt() == 100);
        String alias = "#moving" + NEXT.incrementAndGet() + ":hs2.test";
        assertEquals(200, as(bob).put("/_matrix/client/v3/directory/room/" + enc(alias), Map.of("room_id", roomId))
                .status());
        Reply listed = as(bob).put("/_matrix/client/v3/directory/list/room/" + enc(roomId),
                Map.of("visibility", "public"));
        assertEquals(200, listed.status(), listed.toString());

        Reply upgraded = as(alice).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/upgrade",
                Map.of("new_version", "10"));
        assertEquals(200, upgraded.status(), upgraded.toString());
        String newRoomId = upgraded.json().path("replacement_room").asText();
        Await.until("hs2 has the tombstone", Duration.ofSeconds(30), () -> as(bob)
                .get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.tombstone/").status() == 200);
        assertEquals(roomId, as(bob).get("/_matrix/client/v3/directory/room/" + enc(alias)).json()
                .path("room_id").asText(), "nothing moves before a user of hs2 follows");
        assertEquals(200, as(bob).post("/_matrix/client/v3/join/" + enc(newRoomId) + "?server_name=hs1.test",
                Map.of()).status());

        assertEquals(newRoomId, as(bob).get("/_matrix/client/v3/directory/room/" + enc(alias)).json()
                .path("room_id").asText());
        assertEquals("public", hs2().http().get("/_matrix/client/v3/directory/list/room/" + enc(newRoomId)).json()
                .path("visibility").asText());
        assertEquals("private", hs2().http().get("/_matrix/client/v3/directory/list/room/" + enc(roomId)).json()
                .path("visibility").asText());
    }

    /**
     * Media of hs1 opened by a user of hs2 (Client-Server API, "Content repository"; Server-Server
     * API, "Content Repository"): hs2 fetches it over federation once and keeps it. Proved by
     * deleting hs1's file afterwards: hs1 can no longer serve it, hs2 still serves it, and makes
     * thumbnails of it from its own copy.
     */
    @Test
    void aUserOfHs2OpensMediaOfHs1WhichHs2FetchesOnceAndKeeps() throws Exception {
        Login alice = register(hs1(), "alice");
        byte[] png = TestImages.png(640, 480);
        Reply uploaded = as(alice).send("POST", "/_matrix/media/v3/upload?filename=cat.png", png,
                "Content-Type", "image/png");
        assertEquals(200, uploaded.status(), uploaded.toString());
        String mediaId = uploaded.json().path("content_uri").asText().substring("mxc://hs1.test/".length());
        String download = "/_matrix/client/v1/media/download/hs1.test/" + mediaId;

        Login bob = register(hs2(), "bob");
        BinaryReply first = as(bob).getBytes(download);
        assertEquals(200, first.status(), first.toString());
        assertEquals("image/png", first.header("Content-Type"));
        assertEquals("inline; filename=\"cat.png\"", first.header("Content-Disposition"));
        assertArrayEquals(png, first.body(), "the uploaded bytes, exactly");

        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
        Path hs1File = hs1().dataDir().resolve("media/files").resolve(hash.substring(0, 2))
                .resolve(hash.substring(2, 4)).resolve(hash);
        Files.delete(hs1File);
        BinaryReply gone = as(alice).getBytes(download);
        assertEquals(404, gone.status(), "hs1 lost its copy: " + gone);

        BinaryReply again = as(bob).getBytes(download);
        assertEquals(200, again.status(), "served from hs2's own copy: " + again);
        assertArrayEquals(png, again.body());
        BinaryReply thumbnail = as(bob).getBytes("/_matrix/client/v1/media/thumbnail/hs1.test/" + mediaId
                + "?width=32&height=32&method=crop");
        assertEquals(200, thumbnail.status(), thumbnail.toString());
        BufferedImage image = TestImages.decode(thumbnail.body());
        assertEquals(32, image.getWidth(), "the 32x32 crop size");
        assertEquals(32, image.getHeight());
    }

    /**
     * Remote media that cannot be had: unknown on its server (404 {@code M_NOT_FOUND}, as the
     * server said), on a server hs2 cannot reach (502 {@code M_UNKNOWN}), on a server hs2 does not
     * federate with (403 {@code M_FORBIDDEN}).
     */
    @Test
    void remoteMediaThatCannotBeHadIsNotFoundUnreachableOrForbidden() {
        Login bob = register(hs2(), "bob");
        Reply unknown = as(bob).get("/_matrix/client/v1/media/download/hs1.test/NoSuchMediaHere");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("M_NOT_FOUND", unknown.errcode());
        Reply unknownThumbnail = as(bob).get("/_matrix/client/v1/media/thumbnail/hs1.test/NoSuchMediaHere"
                + "?width=32&height=32");
        assertEquals(404, unknownThumbnail.status(), unknownThumbnail.toString());
        assertEquals("M_NOT_FOUND", unknownThumbnail.errcode());

        Reply unreachable = as(bob).get("/_matrix/client/v1/media/download/hidden.test/SomeMedia");
        assertEquals(502, unreachable.status(), unreachable.toString());
        assertEquals("M_UNKNOWN", unreachable.errcode());

        Reply refused = as(bob).get("/_matrix/client/v1/media/download/stranger.test/SomeMedia");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("M_FORBIDDEN", refused.errcode());
    }

    /**
     * A server without the federation media endpoints (before v1.11: 404 {@code M_UNRECOGNIZED})
     * is asked on the deprecated download endpoint, with {@code allow_remote=false}.
     */
    @Test
    void mediaOfAServerWithoutFederationMediaEndpointsComesFromTheDeprecatedOne() {
        String mediaId = "OldServerMedia" + NEXT.incrementAndGet();
        byte[] png = TestImages.png(20, 10);
        FederationWireContract.REMOTE.answerFile("/_matrix/media/v3/download/remote.test/" + mediaId, "image/png", png);

        Login bob = register(hs2(), "bob");
        BinaryReply reply = as(bob).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId);
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("image/png", reply.header("Content-Type"));
        assertArrayEquals(png, reply.body());
        assertTrue(FederationWireContract.REMOTE.received().stream().anyMatch(r -> r.target().equals(
                "/_matrix/media/v3/download/remote.test/" + mediaId + "?allow_remote=false")),
                "asked on the deprecated endpoint without letting it ask further");
    }

    /** Requests for media of another server that come while it is being fetched wait for that one fetch. */
    @Test
    void mediaOfAnotherServerAreFetchedOnceForRequestsThatComeMeanwhile() throws Exception {
        String mediaId = "SlowMedia" + NEXT.incrementAndGet();
        byte[] png = TestImages.png(16, 16);
        String path = "/_matrix/federation/v1/media/download/" + mediaId;
        FederationWireContract.REMOTE.answerFile(path, "multipart/mixed; boundary=b", multipart(png, true));
        Login bob = register(hs2(), "bob");
        Login carol = register(hs2(), "carol");
        FederationWireContract.REMOTE.holdFiles();
        try {
            CompletableFuture<BinaryReply> first = CompletableFuture.supplyAsync(() ->
                    as(bob).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId));
            CompletableFuture<BinaryReply> second = CompletableFuture.supplyAsync(() ->
                    as(carol).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId));
            Metrics.await(hs2().http(), "hearth_media_remote_waiting", 2);
            FederationWireContract.REMOTE.releaseFiles();
            for (CompletableFuture<BinaryReply> reply : List.of(first, second)) {
                BinaryReply r = reply.get(30, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.toString());
                assertArrayEquals(png, r.body());
            }
        } finally {
            FederationWireContract.REMOTE.releaseFiles();
        }
        assertEquals(1, FederationWireContract.REMOTE.received().stream()
                .filter(r -> r.target().startsWith(path)).count(), "one fetch for both");
    }

    /** An answer that ends before its media do is a 502 and leaves nothing kept: the next request fetches again. */
    @Test
    void mediaCutOffAreNotKept() {
        String mediaId = "CutMedia" + NEXT.incrementAndGet();
        byte[] png = TestImages.png(24, 24);
        String path = "/_matrix/federation/v1/media/download/" + mediaId;
        FederationWireContract.REMOTE.answerFile(path, "multipart/mixed; boundary=b", multipart(png, false));
        Login bob = register(hs2(), "bob");
        BinaryReply cut = as(bob).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId);
        assertEquals(502, cut.status(), cut.toString());

        FederationWireContract.REMOTE.answerFile(path, "multipart/mixed; boundary=b", multipart(png, true));
        BinaryReply whole = as(bob).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId);
        assertEquals(200, whole.status(), whole.toString());
        assertArrayEquals(png, whole.body());
    }

    /**
     * Media larger than {@code media.max_upload_bytes} (50 MiB here) are a 502 and not kept, while
     * large media under it (20 MiB, streamed into the store) are kept: the next request fetches
     * again and gets them whole.
     */
    @Test
    void remoteMediaOverTheLimitAreRefusedAndNotKeptLargeOnesUnderItAre() throws Exception {
        String mediaId = "BigMedia" + NEXT.incrementAndGet();
        String path = "/_matrix/federation/v1/media/download/" + mediaId;
        byte[] over = new byte[50 * 1024 * 1024 + 1];
        Arrays.fill(over, (byte) 'o');
        FederationWireContract.REMOTE.answerFile(path, "multipart/mixed; boundary=b", multipart(over, true));
        Login bob = register(hs2(), "bob");
        BinaryReply refused = as(bob).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId);
        assertEquals(502, refused.status(), refused.toString());

        byte[] large = new byte[20 * 1024 * 1024];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + (i >>> 13));
        }
        FederationWireContract.REMOTE.answerFile(path, "multipart/mixed; boundary=b", multipart(large, true));
        BinaryReply whole = as(bob).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId);
        assertEquals(200, whole.status(), whole.toString());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(large),
                MessageDigest.getInstance("SHA-256").digest(whole.body()));
        assertEquals(2, FederationWireContract.REMOTE.received().stream()
                .filter(r -> r.target().startsWith(path)).count(), "fetched again after the refusal");
    }

    /** Media whose answer gives a Location (a storage service's URL) are fetched from there, with a plain GET. */
    @Test
    void mediaElsewhereAreFetchedFromTheirLocation() {
        String mediaId = "CdnMedia" + NEXT.incrementAndGet();
        byte[] png = TestImages.png(12, 20);
        String stored = "/cdn/" + mediaId + "?signature=abc";
        FederationWireContract.REMOTE.answerFile("/cdn/" + mediaId, "image/png", png);
        byte[] answer = ("--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b\r\nLocation: https://127.0.0.1:"
                + FederationWireContract.REMOTE.port() + stored + "\r\n\r\n\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
        FederationWireContract.REMOTE.answerFile("/_matrix/federation/v1/media/download/" + mediaId,
                "multipart/mixed; boundary=b", answer);
        Login bob = register(hs2(), "bob");
        BinaryReply reply = as(bob).getBytes("/_matrix/client/v1/media/download/remote.test/" + mediaId);
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("image/png", reply.header("Content-Type"));
        assertArrayEquals(png, reply.body());
        assertTrue(FederationWireContract.REMOTE.received().stream().anyMatch(r -> r.target().equals(stored)
                && r.authorization() == null), "a plain GET of the Location");
    }

    /** A media answer as a server writes it: the metadata, then the media, then the close delimiter unless cut off. */
    private static byte[] multipart(byte[] media, boolean whole) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b\r\nContent-Type: image/png\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(whole ? media : Arrays.copyOf(media, media.length / 2));
        if (whole) {
            out.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
