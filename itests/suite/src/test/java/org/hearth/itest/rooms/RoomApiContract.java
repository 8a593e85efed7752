package org.hearth.itest.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/** Rooms, events and sync through the Client-Server API; run once per database by the subclasses. */
abstract class RoomApiContract {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final AtomicInteger TXN = new AtomicInteger();

    abstract MatrixHttp http();

    Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet() + "x" + (System.nanoTime() % 10_000), "pw");
    }

    static String createRoom(Login who, Map<String, Object> body) {
        Reply reply = who.http().post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    static String send(Login who, String roomId, String body) {
        Reply reply = who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/t" + TXN.incrementAndGet(),
                Map.of("msgtype", "m.text", "body", body));
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("event_id").asText();
    }

    static Reply post(Login who, String path, Object body) {
        return who.http().post(path, body);
    }

    static JsonNode sync(Login who, String since, int timeoutMs) {
        Reply reply = who.http().get("/_matrix/client/v3/sync?timeout=" + timeoutMs + (since == null ? "" : "&since=" + since));
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    static List<String> bodies(JsonNode events) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            if ("m.room.message".equals(e.path("type").asText())) {
                out.add(e.path("content").path("body").asText());
            }
        }
        return out;
    }

    @Test
    void createRoomWithPresetNameTopicAndAlias() {
        Login alice = user("alice");
        String localpart = "room" + NEXT.incrementAndGet();
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "name", "Plaza", "topic", "Everything",
                "room_alias_name", localpart, "visibility", "public"));
        Reply state = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state");
        assertEquals(200, state.status(), state.text());
        List<String> types = new ArrayList<>();
        state.json().forEach(e -> types.add(e.get("type").asText()));
        assertTrue(types.containsAll(List.of("m.room.create", "m.room.member", "m.room.power_levels",
                "m.room.join_rules", "m.room.history_visibility", "m.room.name", "m.room.topic",
                "m.room.canonical_alias")), types.toString());
        assertEquals("public", alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.join_rules")
                .json().get("join_rule").asText());
        assertEquals("Plaza", alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.name/")
                .json().get("name").asText());
        Reply alias = http().get("/_matrix/client/v3/directory/room/%23" + localpart + ":localhost");
        assertEquals(roomId, alias.json().get("room_id").asText());
        Reply directory = alice.http().get("/_matrix/client/v3/publicRooms?limit=500");
        assertTrue(directory.text().contains(roomId), directory.text());
        assertEquals("public", http().get("/_matrix/client/v3/directory/list/room/" + roomId).json().get("visibility").asText());
        assertEquals(List.of(roomId), jsonList(alice.http().get("/_matrix/client/v3/joined_rooms").json().get("joined_rooms")));
    }

    @Test
    void everyRoomVersionCanBeCreatedAndUsed() {
        Login alice = user("versions");
        for (int v = 1; v <= 12; v++) {
            String roomId = createRoom(alice, Map.of("room_version", String.valueOf(v), "name", "v" + v));
            String eventId = send(alice, roomId, "hello v" + v);
            Reply event = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/"
                    + URLEncoder.encode(eventId, StandardCharsets.UTF_8)); // v3 event IDs may hold '/'

            assertEquals(200, event.status(), "v" + v + ": " + event.text());
            assertEquals("hello v" + v, event.json().at("/content/body").asText());
            assertEquals(String.valueOf(v), alice.http().get("/_matrix/client/v3/rooms/" + roomId
                    + "/state/m.room.create").json().get("room_version").asText());
        }
        assertEquals("M_UNSUPPORTED_ROOM_VERSION", alice.http().post("/_matrix/client/v3/createRoom",
                Map.of("room_version", "99")).errcode());
    }

    @Test
    void inviteJoinTalkAndLeave() {
        Login alice = user("alice");
        Login bob = user("bob");
        String roomId = createRoom(alice, Map.of("invite", List.of(bob.userId()), "is_direct", true));

        JsonNode bobSync = sync(bob, null, 0);
        JsonNode invite = bobSync.at("/rooms/invite/" + roomId.replace("/", "~1") + "/invite_state/events");
        assertTrue(invite.isArray() && invite.size() > 0, bobSync.toString());
        assertEquals(403, bob.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/x1",
                Map.of("body", "not yet")).status(), "an invited user cannot talk");

        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        String since = sync(bob, null, 0).get("next_batch").asText();
        for (int i = 0; i < 5; i++) {
            send(alice, roomId, "message " + i);
        }
        JsonNode next = sync(bob, since, 0);
        JsonNode timeline = next.at("/rooms/join/" + roomId.replace("/", "~1") + "/timeline/events");
        assertEquals(List.of("message 0", "message 1", "message 2", "message 3", "message 4"), bodies(timeline));

        Reply members = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/joined_members");
        assertTrue(members.json().get("joined").has(bob.userId()), members.text());
        assertEquals(200, post(bob, "/_matrix/client/v3/rooms/" + roomId + "/leave", Map.of()).status());
        send(alice, roomId, "after bob left");
        Reply page = bob.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=50");
        assertEquals(200, page.status(), page.text());
        assertFalse(bodies(page.json().get("chunk")).contains("after bob left"), "a former member reads up to leaving");
        assertTrue(bodies(page.json().get("chunk")).contains("message 4"));
        JsonNode leaveMembers = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/members?membership=leave").json();
        assertEquals(1, leaveMembers.get("chunk").size(), leaveMembers.toString());
        assertEquals(200, post(bob, "/_matrix/client/v3/rooms/" + roomId + "/forget", Map.of()).status());
    }

    @Test
    void sendIsIdempotentPerTransaction() {
        Login alice = user("txn");
        String roomId = createRoom(alice, Map.of());
        String path = "/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/same-txn";
        String first = alice.http().put(path, Map.of("body", "once")).json().get("event_id").asText();
        String again = alice.http().put(path, Map.of("body", "once")).json().get("event_id").asText();
        assertEquals(first, again);
        Reply page = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=50");
        assertEquals(1, bodies(page.json().get("chunk")).size());

        JsonNode mine = sync(alice, null, 0).at("/rooms/join/" + roomId + "/timeline/events");
        assertTrue(mine.toString().contains("\"transaction_id\":\"same-txn\""), "the sending device sees its txn ID: " + mine);
        Login otherDevice = Accounts.login(http(), alice.userId(), "pw", false);
        JsonNode theirs = sync(otherDevice, null, 0).at("/rooms/join/" + roomId + "/timeline/events");
        assertFalse(theirs.toString().contains("transaction_id"), "other devices do not: " + theirs);
    }

    @Test
    void errors() {
        Login alice = user("err");
        Login eve = user("eve");
        String roomId = createRoom(alice, Map.of());
        assertEquals("M_NOT_FOUND", alice.http().put("/_matrix/client/v3/rooms/!nope:localhost/send/m.room.message/1",
                Map.of("body", "x")).errcode());
        Reply badRoomId = alice.http().put("/_matrix/client/v3/rooms/not-a-room/send/m.room.message/1", Map.of("body", "x"));
        assertEquals(400, badRoomId.status());
        assertEquals("M_INVALID_PARAM", badRoomId.errcode());
        assertEquals("M_INVALID_PARAM", alice.http().get("/_matrix/client/v3/rooms/not-a-room/messages").errcode());
        Reply notMember = eve.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/1", Map.of("body", "x"));
        assertEquals(403, notMember.status());
        assertEquals("M_FORBIDDEN", notMember.errcode());
        assertEquals(403, eve.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages").status());
        assertEquals(403, post(eve, "/_matrix/client/v3/rooms/" + roomId + "/join", Map.of()).status(), "invite only");
        assertEquals("M_INVALID_PARAM", post(alice, "/_matrix/client/v3/rooms/" + roomId + "/invite",
                Map.of("user_id", "not-a-user")).errcode());
        Reply tooBig = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/big",
                Map.of("body", "x".repeat(70_000)));
        assertEquals(413, tooBig.status());
        assertEquals("M_TOO_LARGE", tooBig.errcode());
        assertEquals(404, alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.topic").status());
        assertEquals("M_INVALID_PARAM", alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?from=zz").errcode());
    }

    @Test
    void powerLevelsDecideKicksAndBans() {
        Login alice = user("mod");
        Login bob = user("member");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(403, post(bob, "/_matrix/client/v3/rooms/" + roomId + "/kick", Map.of("user_id", alice.userId())).status());
        assertEquals(200, post(alice, "/_matrix/client/v3/rooms/" + roomId + "/ban",
                Map.of("user_id", bob.userId(), "reason", "spam")).status());
        assertEquals(403, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status(), "banned");
        assertEquals(200, post(alice, "/_matrix/client/v3/rooms/" + roomId + "/unban", Map.of("user_id", bob.userId())).status());
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        assertEquals(200, post(alice, "/_matrix/client/v3/rooms/" + roomId + "/kick", Map.of("user_id", bob.userId())).status());
        assertEquals(403, bob.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.topic",
                Map.of("topic", "x")).status());
    }

    @Test
    void longPollingSyncWakesWhenAMessageArrives() throws Exception {
        Login alice = user("poll");
        Login bob = user("poller");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        String since = sync(bob, null, 0).get("next_batch").asText();
        long start = System.nanoTime();
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> sync(bob, since, 20_000));
        Reply quiet = bob.http().get("/_matrix/client/v3/sync?timeout=200&since=" + since);
        assertTrue(quiet.json().at("/rooms/join").isEmpty(), "nothing new after the timeout: " + quiet.text());
        send(alice, roomId, "wake up");
        JsonNode woken = waiting.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 10_000, "woken long before the 20 s timeout: " + ms + " ms");
        assertEquals(List.of("wake up"), bodies(woken.at("/rooms/join/" + roomId.replace("/", "~1") + "/timeline/events")));
    }

    @Test
    void paginationAndContext() {
        Login alice = user("pager");
        String roomId = createRoom(alice, Map.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            ids.add(send(alice, roomId, "m" + i));
        }
        Reply first = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=5");
        assertEquals(List.of("m14", "m13", "m12", "m11", "m10"), bodies(first.json().get("chunk")));
        Reply second = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=5&from="
                + first.json().get("end").asText());
        assertEquals(List.of("m9", "m8", "m7", "m6", "m5"), bodies(second.json().get("chunk")));
        Reply forward = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=f&limit=3&from="
                + second.json().get("end").asText());
        assertEquals(List.of("m5", "m6", "m7"), bodies(forward.json().get("chunk")));

        JsonNode limited = sync(alice, null, 0).at("/rooms/join/" + roomId.replace("/", "~1") + "/timeline");
        assertTrue(limited.get("limited").asBoolean());
        Reply back = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=3&from="
                + limited.get("prev_batch").asText());
        assertEquals(3, back.json().get("chunk").size());

        Reply context = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/context/" + ids.get(7) + "?limit=4");
        assertEquals(200, context.status(), context.text());
        assertEquals("m7", context.json().at("/event/content/body").asText());
        assertEquals(List.of("m6", "m5"), bodies(context.json().get("events_before")));
        assertEquals(List.of("m8", "m9"), bodies(context.json().get("events_after")));

        long ts = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/" + ids.get(3)).json()
                .get("origin_server_ts").asLong();
        Reply near = alice.http().get("/_matrix/client/v1/rooms/" + roomId + "/timestamp_to_event?dir=b&ts=" + ts);
        assertEquals(200, near.status(), near.text());
        assertTrue(near.json().get("origin_server_ts").asLong() <= ts);
    }

    @Test
    void prevBatchOfAWholeRoomInAnInitialSyncPagesBackThroughIt() {
        Login alice = user("small");
        String roomId = createRoom(alice, Map.of());
        send(alice, roomId, "only");
        JsonNode timeline = sync(alice, null, 0).at("/rooms/join/" + roomId.replace("/", "~1") + "/timeline");
        assertFalse(timeline.get("limited").asBoolean(), timeline.toString());
        assertEquals("m.room.create", timeline.at("/events/0/type").asText(), "the whole room: " + timeline);
        // Paging back from prev_batch gives the room's history (as from Synapse's) and an end...
        Reply back = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&from="
                + timeline.get("prev_batch").asText());
        assertEquals(200, back.status(), back.text());
        assertEquals(List.of("only"), bodies(back.json().get("chunk")), back.text());
        assertTrue(back.json().has("end"), back.text());
        // ... from which nothing is left: no end (Client-Server API, GET /messages).
        Reply past = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&from="
                + back.json().get("end").asText());
        assertEquals(0, past.json().get("chunk").size(), past.text());
        assertFalse(past.json().has("end"), past.text());
    }

    @Test
    void lazyLoadingMembersInMessagesGivesTheChunksSenders() {
        Login alice = user("lazy");
        Login bob = user("sender");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        assertEquals(200, bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()).status());
        send(bob, roomId, "from bob");
        send(alice, roomId, "from alice");
        String lazy = URLEncoder.encode("{\"lazy_load_members\":true}", StandardCharsets.UTF_8);
        Reply one = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=1&filter=" + lazy);
        assertEquals(List.of(alice.userId()), stateKeys(one.json().get("state")), one.text());
        Reply two = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=2&filter=" + lazy);
        assertEquals(List.of(alice.userId(), bob.userId()), stateKeys(two.json().get("state")), two.text());
        Reply plain = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=2");
        assertFalse(plain.json().has("state"), plain.text());
    }

    private static List<String> stateKeys(JsonNode state) {
        List<String> keys = new ArrayList<>();
        if (state != null) {
            state.forEach(e -> {
                assertEquals("m.room.member", e.path("type").asText(), e.toString());
                keys.add(e.path("state_key").asText());
            });
        }
        keys.sort(null);
        return keys;
    }

    @Test
    void redactionRemovesTheContent() {
        Login alice = user("redact");
        Login bob = user("other");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        String mine = send(alice, roomId, "oops");
        String theirs = send(bob, roomId, "bob's");
        assertEquals(403, bob.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/" + mine + "/r1",
                Map.of()).status(), "bob lacks the redact power level");
        Reply redacted = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/" + mine + "/r2",
                Map.of("reason", "typo"));
        assertEquals(200, redacted.status(), redacted.text());
        JsonNode event = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/" + mine).json();
        assertTrue(event.get("content").isEmpty(), event.toString());
        assertEquals(200, alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/" + theirs + "/r3",
                Map.of()).status(), "a moderator may redact others");
    }

    /** Room version 11 moved {@code redacts} into the content: clients get it in both places, whatever the version. */
    @Test
    void aRedactionNamesWhatItRedactsAtTheTopAndInItsContent() {
        Login alice = user("redactor");
        for (String version : List.of("10", "11")) {
            String roomId = createRoom(alice, Map.of("room_version", version));
            String message = send(alice, roomId, "oops");
            Reply redacted = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/" + message + "/v" + version,
                    Map.of());
            assertEquals(200, redacted.status(), redacted.text());
            String redaction = redacted.json().get("event_id").asText();
            JsonNode event = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/" + redaction).json();
            assertEquals(message, event.path("redacts").asText(), "room version " + version + ": " + event);
            assertEquals(message, event.path("content").path("redacts").asText(), "room version " + version + ": " + event);
        }
    }

    @Test
    void upgradeReplacesTheRoom() {
        Login alice = user("upgrader");
        String roomId = createRoom(alice, Map.of("room_version", "10", "name", "Old"));
        Reply upgraded = post(alice, "/_matrix/client/v3/rooms/" + roomId + "/upgrade", Map.of("new_version", "12"));
        assertEquals(200, upgraded.status(), upgraded.text());
        String newRoom = upgraded.json().get("replacement_room").asText();
        assertEquals(newRoom, alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.tombstone")
                .json().get("replacement_room").asText());
        JsonNode create = alice.http().get("/_matrix/client/v3/rooms/" + newRoom + "/state/m.room.create").json();
        assertEquals(roomId, create.at("/predecessor/room_id").asText());
        assertEquals("Old", alice.http().get("/_matrix/client/v3/rooms/" + newRoom + "/state/m.room.name").json()
                .get("name").asText());
        assertNotEquals(roomId, newRoom);
    }

    /** What SyTest's 60version_upgrade checks besides the copied state: create fields, levels, bans, aliases, m.direct. */
    @Test
    void anUpgradeKeepsCreateFieldsLevelsBansAliasesAndDirectChats() {
        Login alice = user("keeper");
        String roomId = createRoom(alice, Map.of("room_version", "10",
                "creation_content", Map.of("m.federate", false, "type", "org.example.kind"),
                "power_level_content_override", Map.of("users", Map.of(alice.userId(), 500))));
        String banned = "@spammer:example.org";
        assertEquals(200, alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/" + banned,
                Map.of("membership", "ban")).status());
        String alias = "#keep" + NEXT.incrementAndGet() + ":localhost";
        String alt = "#alt" + NEXT.incrementAndGet() + ":localhost";
        for (String a : List.of(alias, alt)) {
            assertEquals(200, alice.http().put("/_matrix/client/v3/directory/room/" + a.replace("#", "%23"),
                    Map.of("room_id", roomId)).status());
        }
        assertEquals(200, alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.canonical_alias",
                Map.of("alias", alias, "alt_aliases", List.of(alt))).status());
        String direct = "/_matrix/client/v3/user/" + alice.userId() + "/account_data/m.direct";
        assertEquals(200, alice.http().put(direct, Map.of("@friend:example.org", List.of(roomId))).status());

        Reply upgraded = post(alice, "/_matrix/client/v3/rooms/" + roomId + "/upgrade", Map.of("new_version", "11"));
        assertEquals(200, upgraded.status(), upgraded.text());
        String newRoom = upgraded.json().get("replacement_room").asText();
        String state = "/_matrix/client/v3/rooms/" + newRoom + "/state/";
        JsonNode create = alice.http().get(state + "m.room.create").json();
        assertEquals(false, create.path("m.federate").asBoolean(true), create.toString());
        assertEquals("org.example.kind", create.path("type").asText(), "the spec: type is copied");
        assertEquals(500, alice.http().get(state + "m.room.power_levels").json().at("/users/" + alice.userId()).asInt(),
                "a level above 100 is kept");
        assertEquals("ban", alice.http().get(state + "m.room.member/" + banned).json().path("membership").asText());
        JsonNode canonical = alice.http().get(state + "m.room.canonical_alias").json();
        assertEquals(alias, canonical.path("alias").asText());
        assertEquals(List.of(alt), jsonList(canonical.get("alt_aliases")));
        assertTrue(alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.canonical_alias").json()
                .isEmpty(), "the old room names none of the moved aliases");
        assertEquals(List.of(roomId, newRoom), jsonList(alice.http().get(direct).json().get("@friend:example.org")),
                "a direct chat stays direct");
    }

    @Test
    void guestAccessFollowsThePresetAndSurvivesAnUpgrade() {
        Login alice = user("guarded");
        String publicRoom = createRoom(alice, Map.of("preset", "public_chat"));
        String privateRoom = createRoom(alice, Map.of("preset", "private_chat"));
        String state = "/state/m.room.guest_access";
        assertEquals(404, alice.http().get("/_matrix/client/v3/rooms/" + publicRoom + state).status(),
                "public_chat forbids guests by having no guest_access event");
        assertEquals("can_join", alice.http().get("/_matrix/client/v3/rooms/" + privateRoom + state).json()
                .get("guest_access").asText());
        String upgraded = post(alice, "/_matrix/client/v3/rooms/" + publicRoom + "/upgrade", Map.of("new_version", "12"))
                .json().get("replacement_room").asText();
        assertEquals("forbidden", alice.http().get("/_matrix/client/v3/rooms/" + upgraded + state).json()
                .get("guest_access").asText(), "the upgraded room says so explicitly");
    }

    @Test
    void aliasesCanBeAddedListedAndRemoved() {
        Login alice = user("aliaser");
        Login bob = user("stranger");
        String roomId = createRoom(alice, Map.of());
        String alias = "#a" + NEXT.incrementAndGet() + ":localhost";
        String encoded = alias.replace("#", "%23");
        assertEquals(200, alice.http().put("/_matrix/client/v3/directory/room/" + encoded, Map.of("room_id", roomId)).status());
        assertEquals(409, alice.http().put("/_matrix/client/v3/directory/room/" + encoded, Map.of("room_id", roomId)).status());
        assertEquals(List.of(alias), jsonList(alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/aliases").json().get("aliases")));
        assertEquals(403, bob.http().delete("/_matrix/client/v3/directory/room/" + encoded).status());
        assertEquals(200, alice.http().delete("/_matrix/client/v3/directory/room/" + encoded).status());
        assertEquals(404, http().get("/_matrix/client/v3/directory/room/" + encoded).status());
    }

    @Test
    void messagesFilterByTypeAndSender() {
        Login alice = user("filterer");
        Login bob = user("talker");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        send(alice, roomId, "from alice");
        send(bob, roomId, "from bob");
        String filter = URLEncoder.encode("{\"types\":[\"m.room.message\"],\"senders\":[\"" + bob.userId() + "\"]}",
                StandardCharsets.UTF_8);
        Reply page = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=10&filter=" + filter);
        assertEquals(200, page.status(), page.text());
        assertEquals(1, page.json().get("chunk").size(), page.text());
        assertEquals("from bob", page.json().at("/chunk/0/content/body").asText());
        assertEquals("M_NOT_JSON", alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?filter=%7Bx").errcode());
    }

    @Test
    void lazyLoadingSendsOnlyTheMembersWhoSpoke() {
        Login alice = user("lazy");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        List<Login> crowd = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Login member = user("crowd");
            post(member, "/_matrix/client/v3/join/" + roomId, Map.of());
            crowd.add(member);
        }
        send(crowd.get(2), roomId, "only I speak");
        String filter = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":1},\"state\":{\"lazy_load_members\":true}}}",
                StandardCharsets.UTF_8);
        JsonNode room = alice.http().get("/_matrix/client/v3/sync?filter=" + filter).json().at("/rooms/join/" + roomId);
        List<String> members = new ArrayList<>();
        room.at("/state/events").forEach(e -> {
            if ("m.room.member".equals(e.get("type").asText())) {
                members.add(e.get("state_key").asText());
            }
        });
        assertTrue(members.contains(alice.userId()), members.toString());
        assertFalse(members.contains(crowd.get(0).userId()), "silent members are not loaded: " + members);
        assertEquals(5, room.at("/summary/m.joined_member_count").asInt(), room.toString());
        String limitOne = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":1}}}", StandardCharsets.UTF_8);
        JsonNode full = alice.http().get("/_matrix/client/v3/sync?filter=" + limitOne).json()
                .at("/rooms/join/" + roomId + "/state/events");
        assertTrue(full.toString().contains(crowd.get(0).userId()), "without lazy loading every member is there");
    }

    @Test
    void knockThenInvite() {
        Login alice = user("door");
        Login bob = user("knocker");
        String roomId = createRoom(alice, Map.of("room_version", "10",
                "initial_state", List.of(Map.of("type", "m.room.join_rules", "state_key", "", "content",
                        Map.of("join_rule", "knock")))));
        Reply knock = post(bob, "/_matrix/client/v3/knock/" + roomId, Map.of("reason", "let me in"));
        assertEquals(200, knock.status(), knock.text());
        JsonNode bobSync = sync(bob, null, 0);
        assertTrue(bobSync.at("/rooms/knock/" + roomId + "/knock_state/events").size() > 0, bobSync.toString());
        assertEquals(403, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status(), "a knock is not a join");
        assertEquals(200, post(alice, "/_matrix/client/v3/rooms/" + roomId + "/invite", Map.of("user_id", bob.userId())).status());
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
    }

    @Test
    void membersAtAnEarlierToken() {
        Login alice = user("history");
        Login bob = user("latecomer");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String before = sync(alice, null, 0).get("next_batch").asText();
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(2, alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/members").json().get("chunk").size());
        JsonNode then = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/members?at=" + before).json();
        assertEquals(1, then.get("chunk").size(), then.toString());
    }

    @Test
    void typingShowsInTheOtherMembersSync() throws Exception {
        Login alice = user("typist");
        Login bob = user("reader");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        String since = sync(bob, null, 0).get("next_batch").asText();
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> sync(bob, since, 20_000));
        String typingPath = "/_matrix/client/v3/rooms/" + roomId + "/typing/";
        assertEquals(200, alice.http().put(typingPath + alice.userId(), Map.of("typing", true, "timeout", 10_000)).status());
        JsonNode woken = waiting.get();
        JsonNode ephemeral = woken.at("/rooms/join/" + roomId + "/ephemeral/events");
        assertEquals("m.typing", ephemeral.at("/0/type").asText(), woken.toString());
        assertEquals(List.of(alice.userId()), jsonList(ephemeral.at("/0/content/user_ids")));

        assertEquals(200, alice.http().put(typingPath + alice.userId(), Map.of("typing", false)).status());
        JsonNode stopped = sync(bob, woken.get("next_batch").asText(), 0)
                .at("/rooms/join/" + roomId + "/ephemeral/events/0/content/user_ids");
        assertEquals(List.of(), jsonList(stopped));
        assertEquals(403, alice.http().put(typingPath + bob.userId(), Map.of("typing", true)).status(), "only oneself");
        assertEquals(200, alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?from="
                + woken.get("next_batch").asText()).status(), "a sync token works as a pagination token");
    }

    /** One who left may read the room as it was when they left; one banned from it may not (as Synapse). */
    @Test
    void aBannedUserMayNotReadTheRoomButOneWhoLeftMay() {
        Login alice = user("banner");
        Login bob = user("banned");
        Login carol = user("leaver");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        post(carol, "/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(200, post(carol, "/_matrix/client/v3/rooms/" + roomId + "/leave", Map.of()).status());
        String beforeBan = sync(bob, null, 0).get("next_batch").asText();
        Reply ban = post(alice, "/_matrix/client/v3/rooms/" + roomId + "/ban", Map.of("user_id", bob.userId()));
        assertEquals(200, ban.status(), ban.text());

        String ownMember = "/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/";
        assertEquals("leave", carol.http().get(ownMember + carol.userId()).json().path("membership").asText());
        Reply banned = bob.http().get(ownMember + bob.userId());
        assertEquals(403, banned.status(), banned.text());
        assertEquals("M_FORBIDDEN", banned.json().path("errcode").asText());
        assertEquals(403, bob.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b").status());
        JsonNode left = sync(bob, beforeBan, 0).at("/rooms/leave/" + roomId);
        assertFalse(left.isMissingNode(), "the ban still shows in /sync");
    }

    /** A client syncing afresh after a typist stopped learns that nobody types (as SyTest's "explicitly stopped"). */
    @Test
    void anInitialSyncTellsThatATypistStopped() {
        Login alice = user("stopper");
        Login bob = user("newcomer");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        String ephemeralPath = "/rooms/join/" + roomId + "/ephemeral/events";
        assertEquals(0, sync(bob, null, 0).at(ephemeralPath).size(), "no typing yet, no m.typing");
        String typingPath = "/_matrix/client/v3/rooms/" + roomId + "/typing/" + alice.userId();
        assertEquals(200, alice.http().put(typingPath, Map.of("typing", true, "timeout", 30_000)).status());
        assertEquals(200, alice.http().put(typingPath, Map.of("typing", false)).status());
        JsonNode ephemeral = sync(bob, null, 0).at(ephemeralPath);
        assertEquals("m.typing", ephemeral.at("/0/type").asText(), ephemeral.toString());
        assertEquals(List.of(), jsonList(ephemeral.at("/0/content/user_ids")));
    }

    static String enc(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @Test
    void pagesWithEventsHaveAnEndAndThePageAfterTheLastHasNone() {
        Login alice = user("pager");
        String roomId = createRoom(alice, Map.of());
        String next = sync(alice, null, 0).get("next_batch").asText();
        String later = send(alice, roomId, "after the sync");
        String messages = "/_matrix/client/v3/rooms/" + roomId + "/messages";
        Reply forwards = alice.http().get(messages + "?dir=f&from=" + next);
        assertEquals(200, forwards.status(), forwards.text());
        assertEquals(List.of(later), ids(forwards.json().get("chunk")));
        assertTrue(forwards.json().has("end"), "forwards, the room goes on: " + forwards.text());
        Reply caughtUp = alice.http().get(messages + "?dir=f&from=" + forwards.json().get("end").asText());
        assertEquals(List.of(), ids(caughtUp.json().get("chunk")));
        String sent = send(alice, roomId, "later still");
        assertEquals(List.of(sent), ids(alice.http().get(messages + "?dir=f&from="
                + forwards.json().get("end").asText()).json().get("chunk")), "the end token goes on from there");
        Reply wholeRoom = alice.http().get(messages + "?dir=b&limit=100");
        assertTrue(wholeRoom.json().has("end"), "a page with events has an end, as Synapse's: " + wholeRoom.text());
        Reply beforeTheStart = alice.http().get(messages + "?dir=b&limit=100&from=" + wholeRoom.json().get("end").asText());
        assertEquals(List.of(), ids(beforeTheStart.json().get("chunk")), beforeTheStart.text());
        assertFalse(beforeTheStart.json().has("end"), "backwards, past the start of the room: " + beforeTheStart.text());
    }

    static List<String> ids(JsonNode events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.get("event_id").asText()));
        return out;
    }

    @Test
    void stateAsAWholeEventWithFormatEvent() {
        Login alice = user("former");
        String roomId = createRoom(alice, Map.of("name", "Named"));
        String path = "/_matrix/client/v3/rooms/" + roomId + "/state/m.room.name";
        assertEquals("{\"name\":\"Named\"}", alice.http().get(path).json().toString());
        JsonNode event = alice.http().get(path + "?format=event").json();
        assertEquals("m.room.name", event.get("type").asText(), event.toString());
        assertEquals("", event.get("state_key").asText());
        assertEquals(alice.userId(), event.get("sender").asText());
        assertEquals("Named", event.at("/content/name").asText());
        assertTrue(event.get("event_id").asText().startsWith("$"));
        assertEquals("Named", alice.http().get(path + "?format=content").json().get("name").asText());
    }

    @Test
    void anEventOfARoomYouMayNotSeeIsNotFound() {
        Login alice = user("keeper");
        Login bob = user("outsider");
        String roomId = createRoom(alice, Map.of("preset", "private_chat"));
        String secret = send(alice, roomId, "secret");
        Reply bobs = bob.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/" + enc(secret));
        assertEquals(404, bobs.status(), bobs.text());
        assertEquals("M_NOT_FOUND", bobs.errcode());
        String otherRoom = createRoom(alice, Map.of());
        Reply elsewhere = alice.http().get("/_matrix/client/v3/rooms/" + otherRoom + "/event/" + enc(secret));
        assertEquals(404, elsewhere.status(), "an event is found only in its own room");
        assertEquals(200, alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/" + enc(secret)).status());
    }

    @Test
    void redactingAnEventOfAnotherRoomIsABadRequest() {
        Login alice = user("redactor");
        String roomA = createRoom(alice, Map.of());
        String roomB = createRoom(alice, Map.of());
        String message = send(alice, roomB, "stays");
        Reply redaction = alice.http().put("/_matrix/client/v3/rooms/" + roomA + "/redact/" + enc(message) + "/r1",
                Map.of());
        assertEquals(400, redaction.status(), redaction.text());
        assertEquals("M_INVALID_PARAM", redaction.errcode());
        assertEquals("stays", alice.http().get("/_matrix/client/v3/rooms/" + roomB + "/event/" + enc(message))
                .json().at("/content/body").asText());
    }

    @Test
    void fieldsOfAJoinBodyGoIntoTheMemberEvent() {
        Login alice = user("host");
        Login bob = user("guest");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        Reply join = post(bob, "/_matrix/client/v3/join/" + roomId, Map.of("foo", "bar", "membership", "leave",
                "join_authorised_via_users_server", alice.userId()));
        assertEquals(200, join.status(), join.text());
        JsonNode member = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/"
                + bob.userId()).json();
        assertEquals("bar", member.get("foo").asText(), member.toString());
        assertEquals("join", member.get("membership").asText(), "the membership is the server's to set");
        assertFalse(member.has("join_authorised_via_users_server"), "a client may not claim a server's word");
    }

    @Test
    void contextWithLazyLoadedMembers() {
        Login alice = user("speaker");
        Login bob = user("quiet");
        Login carol = user("quieter");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        post(carol, "/_matrix/client/v3/join/" + roomId, Map.of());
        send(alice, roomId, "one");
        send(alice, roomId, "two");
        String three = send(alice, roomId, "three");
        String context = "/_matrix/client/v3/rooms/" + roomId + "/context/" + enc(three) + "?limit=2";
        JsonNode lazy = alice.http().get(context + "&filter=" + enc("{\"lazy_load_members\":true}")).json();
        assertEquals(List.of(alice.userId()), members(lazy.get("state")), lazy.toString());
        JsonNode all = alice.http().get(context).json();
        assertEquals(3, members(all.get("state")).size(), all.toString());
        Reply bad = alice.http().get(context + "&filter=" + enc("{\"lazy_load_members\":\"yes\"}"));
        assertEquals(400, bad.status(), "a filter of the wrong shape is refused");
    }

    static List<String> members(JsonNode state) {
        List<String> out = new ArrayList<>();
        state.forEach(e -> {
            if ("m.room.member".equals(e.get("type").asText())) {
                out.add(e.get("state_key").asText());
            }
        });
        return out;
    }

    static List<String> jsonList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
