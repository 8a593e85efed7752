package org.hearth.itest.rooms;

import static org.hearth.itest.rooms.RoomApiContract.createRoom;
import static org.hearth.itest.rooms.RoomApiContract.post;
import static org.hearth.itest.rooms.RoomApiContract.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * The write path of rooms holds together: a creation, a redaction, an upgrade is whole or nothing;
 * transaction IDs, kicks, repeated state and aliases behave as the spec says. Run once per database
 * by the subclasses, on a server with the echo test bundle (its policy refuses "forbidden-word",
 * its durable stream consumer lists what it heard).
 */
abstract class RoomWritesContract extends EchoServerContract {
    /** The server's stream position, from a sync token: it moves with every stored event. */
    private static long streamPosition(Login who) {
        String token = RoomApiContract.sync(who, null, 0).get("next_batch").asText();
        return Long.parseLong(token.substring(1, token.indexOf('_')));
    }

    private static List<String> joinedRooms(Login who) {
        return RoomApiContract.jsonList(who.http().get("/_matrix/client/v3/joined_rooms").json().get("joined_rooms"));
    }

    private static String eventPath(String roomId, String eventId) {
        return path(roomId) + "/event/" + URLEncoder.encode(eventId, StandardCharsets.UTF_8);
    }

    // --- creation

    @Test
    void aRefusedCreationLeavesNothingBehind() {
        Login alice = user("creator");
        String localpart = "refused" + unique();
        long before = streamPosition(alice);

        Reply refused = alice.http().post("/_matrix/client/v3/createRoom", Map.of("name", "Doomed", "visibility", "public",
                "room_alias_name", localpart, "initial_state", List.of(Map.of("type", "org.example.note", "state_key", "",
                        "content", Map.of("body", "this has the forbidden-word in it")))));

        assertEquals(403, refused.status(), refused.text());
        assertEquals("M_FORBIDDEN", refused.errcode());
        assertEquals("The echo bundle does not allow that word", refused.json().get("error").asText());
        assertEquals(before, streamPosition(alice), "no event of the refused room was stored");
        assertEquals(List.of(), joinedRooms(alice), "no half-made room to be joined to");
        assertEquals(404, http().get("/_matrix/client/v3/directory/room/%23" + localpart + ":localhost").status());
        assertFalse(http().get("/_matrix/client/v3/publicRooms?limit=500").text().contains("Doomed"));
    }

    @Test
    void aCreationTheRulesRefuseLeavesNothingBehind() {
        Login alice = user("creator");
        Login bob = user("bystander");
        long before = streamPosition(alice);

        Reply refused = alice.http().post("/_matrix/client/v3/createRoom", Map.of("initial_state", List.of(Map.of(
                "type", "m.room.member", "state_key", bob.userId(), "content", Map.of("membership", "join")))));

        assertEquals(400, refused.status(), refused.text());
        assertEquals("M_INVALID_ROOM_STATE", refused.errcode());
        assertEquals(before, streamPosition(alice));
        assertEquals(List.of(), joinedRooms(alice));
    }

    @Test
    void everyEventOfACreationReachesTheDurableStream() {
        Login alice = user("streamed");
        String roomId = createRoom(alice, Map.of("name", "Heard", "topic", "all of it"));
        List<String> ids = new ArrayList<>();
        alice.http().get(path(roomId) + "/messages?dir=f&limit=100").json().get("chunk")
                .forEach(e -> ids.add(e.get("event_id").asText()));
        assertTrue(ids.size() >= 8, ids.toString());
        Await.until("the stream consumer to hear the creation", Duration.ofSeconds(10),
                () -> ids.stream().allMatch(http().get("/_hearth/test/heard").text()::contains));
    }

    @Test
    void twentyParallelCreationsByOneUserMakeTwentyRooms() throws Exception {
        Login alice = user("busy");
        int n = 20;
        Set<String> rooms = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int round = 0; round < 3; round++) { // three rounds: more chances to meet in one millisecond
                CyclicBarrier start = new CyclicBarrier(n);
                List<CompletableFuture<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    replies.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return alice.http().post("/_matrix/client/v3/createRoom", Map.of());
                    }, pool));
                }
                for (CompletableFuture<Reply> reply : replies) {
                    Reply r = reply.get();
                    assertEquals(200, r.status(), r.text());
                    rooms.add(r.json().get("room_id").asText());
                }
            }
            assertEquals(3 * n, rooms.size(), "distinct rooms");
            assertEquals(rooms, new HashSet<>(joinedRooms(alice)));
        } finally {
            pool.shutdownNow();
        }
    }

    // --- transaction IDs

    @Test
    void aTransactionIdIsScopedToItsEndpoint() {
        Login alice = user("txn");
        String roomId = createRoom(alice, Map.of());
        String other = createRoom(alice, Map.of());
        String message = alice.http().put(path(roomId) + "/send/m.room.message/1", Map.of("body", "hi"))
                .json().get("event_id").asText();

        Reply redaction = alice.http().put(path(roomId) + "/redact/" + message + "/1", Map.of());

        assertEquals(200, redaction.status(), redaction.text());
        String redactionId = redaction.json().get("event_id").asText();
        assertNotEquals(message, redactionId, "the redaction is a new event, not the message of transaction 1");
        assertTrue(alice.http().get(eventPath(roomId, message)).json().get("content").isEmpty(), "redacted");
        assertEquals(redactionId, alice.http().put(path(roomId) + "/redact/" + message + "/1", Map.of())
                .json().get("event_id").asText(), "a retried redaction is the same redaction");
        String elsewhere = alice.http().put(path(other) + "/send/m.room.message/1", Map.of("body", "hi"))
                .json().get("event_id").asText();
        assertNotEquals(message, elsewhere, "another room is another path");
        assertEquals(message, alice.http().put(path(roomId) + "/send/m.room.message/1", Map.of("body", "hi"))
                .json().get("event_id").asText(), "a retried send is the same message");
    }

    // --- redactions

    @Test
    void aRedactedPowerLevelsEventCountsAsRedacted() {
        Login alice = user("mod");
        Login bob = user("member");
        Login carol = user("guest");
        String roomId = createRoom(alice, Map.of("preset", "public_chat", "room_version", "10"));
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        JsonNode levels = alice.http().get(path(roomId) + "/state/m.room.power_levels").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) levels).put("invite", 100);
        String levelsId = alice.http().put(path(roomId) + "/state/m.room.power_levels", levels).json()
                .get("event_id").asText();
        assertEquals(403, post(bob, path(roomId) + "/invite", Map.of("user_id", carol.userId())).status());

        assertEquals(200, alice.http().put(path(roomId) + "/redact/" + levelsId + "/r1", Map.of()).status());

        // Room version 10's redaction keeps no "invite" in power levels: the default, 0, applies again.
        assertFalse(alice.http().get(path(roomId) + "/state/m.room.power_levels").json().has("invite"));
        Reply invite = post(bob, path(roomId) + "/invite", Map.of("user_id", carol.userId()));
        assertEquals(200, invite.status(), "the rules read the redacted power levels: " + invite.text());
    }

    @Test
    void theCreateEventCannotBeRedacted() {
        Login alice = user("founder");
        for (String version : List.of("10", "12")) {
            String roomId = createRoom(alice, Map.of("room_version", version));
            String createId = null;
            for (JsonNode e : alice.http().get(path(roomId) + "/state").json()) {
                if ("m.room.create".equals(e.get("type").asText())) {
                    createId = e.get("event_id").asText();
                }
            }
            Reply refused = alice.http().put(path(roomId) + "/redact/" + createId + "/c" + version, Map.of());
            assertEquals(403, refused.status(), refused.text());
            assertEquals("M_FORBIDDEN", refused.errcode());
            assertEquals(version, alice.http().get(path(roomId) + "/state/m.room.create").json()
                    .get("room_version").asText());
        }
    }

    @Test
    void anEventOfAnotherRoomIsNotRedactedHere() {
        Login alice = user("two");
        String first = createRoom(alice, Map.of());
        String second = createRoom(alice, Map.of());
        String message = send(alice, first, "stay");
        Reply refused = alice.http().put(path(second) + "/redact/" + message + "/x", Map.of());
        assertEquals(400, refused.status(), refused.text());
        assertEquals("stay", alice.http().get(eventPath(first, message)).json().at("/content/body").asText());
    }

    // --- upgrades

    @Test
    void aRoomIsUpgradedOnce() {
        Login alice = user("upgrader");
        String roomId = createRoom(alice, Map.of("room_version", "10"));
        assertEquals(200, post(alice, path(roomId) + "/upgrade", Map.of("new_version", "12")).status());
        Reply again = post(alice, path(roomId) + "/upgrade", Map.of("new_version", "12"));
        assertEquals(400, again.status(), again.text());
        assertEquals("M_BAD_STATE", again.errcode());
    }

    @Test
    void ofTenConcurrentUpgradesOneWins() throws Exception {
        Login alice = user("racer");
        String roomId = createRoom(alice, Map.of("room_version", "10", "name", "Raced"));
        int n = 10;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String version = i % 2 == 0 ? "11" : "12";
                replies.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return post(alice, path(roomId) + "/upgrade", Map.of("new_version", version));
                }, pool));
            }
            int won = 0;
            for (CompletableFuture<Reply> reply : replies) {
                Reply r = reply.get();
                if (r.status() == 200) {
                    won++;
                } else {
                    assertEquals(400, r.status(), r.text());
                    assertEquals("M_BAD_STATE", r.errcode());
                }
            }
            assertEquals(1, won);
            assertEquals(2, joinedRooms(alice).size(), "the old room and one new room");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModeratorUpgradesARoomAndThePowerLevelsStayAsTheyWere() {
        Login alice = user("admin");
        Login bob = user("moderator");
        String roomId = createRoom(alice, Map.of("room_version", "10", "preset", "public_chat"));
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        ObjectNode levels = alice.http().get(path(roomId) + "/state/m.room.power_levels/").json().deepCopy();
        ((ObjectNode) levels.get("users")).put(bob.userId(), 50);
        ((ObjectNode) levels.get("events")).put("m.room.tombstone", 50);
        assertEquals(200, alice.http().put(path(roomId) + "/state/m.room.power_levels/", levels).status());

        Reply upgraded = post(bob, path(roomId) + "/upgrade", Map.of("new_version", "11"));

        assertEquals(200, upgraded.status(), "a moderator who may send the tombstone may upgrade: " + upgraded.text());
        String newRoom = upgraded.json().get("replacement_room").asText();
        assertEquals(levels, bob.http().get(path(newRoom) + "/state/m.room.power_levels/").json(),
                "raised to send the new room's state, then back to the old level");
        assertEquals(levels, bob.http().get(path(roomId) + "/state/m.room.power_levels/").json(),
                "the old room's levels were not the moderator's to change");
    }

    @Test
    void aTombstoneCannotNameItsOwnRoom() {
        Login alice = user("tomb");
        String roomId = createRoom(alice, Map.of());
        Map<String, Object> content = Map.of("body", "moved", "replacement_room", roomId);
        Reply asMessage = alice.http().put(path(roomId) + "/send/m.room.tombstone/t1", content);
        Reply asState = alice.http().put(path(roomId) + "/state/m.room.tombstone/", content);
        assertEquals(400, asMessage.status(), asMessage.text());
        assertEquals("M_BAD_JSON", asMessage.errcode());
        assertEquals(400, asState.status(), asState.text());
    }

    @Test
    void anUpgradeToAnOlderRoomVersionNamesTheTombstoneAsPredecessor() {
        Login alice = user("down");
        String roomId = createRoom(alice, Map.of("room_version", "10"));
        String newRoom = post(alice, path(roomId) + "/upgrade", Map.of("new_version", "2")).json()
                .get("replacement_room").asText();
        JsonNode tombstone = null;
        for (JsonNode e : alice.http().get(path(roomId) + "/state").json()) {
            if ("m.room.tombstone".equals(e.get("type").asText())) {
                tombstone = e;
            }
        }
        assertEquals(newRoom, tombstone.at("/content/replacement_room").asText());
        assertEquals(tombstone.get("event_id").asText(), alice.http().get(path(newRoom) + "/state/m.room.create").json()
                .at("/predecessor/event_id").asText());
    }

    // --- membership

    @Test
    void onlySomeoneInTheRoomCanBeKicked() {
        Login alice = user("kicker");
        Login stranger = user("stranger");
        Login leaver = user("leaver");
        Login banned = user("banned");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        post(leaver, "/_matrix/client/v3/join/" + roomId, Map.of());
        post(leaver, path(roomId) + "/leave", Map.of());
        post(banned, "/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(200, post(alice, path(roomId) + "/ban", Map.of("user_id", banned.userId())).status());

        for (Login target : List.of(stranger, leaver, banned)) {
            Reply kick = post(alice, path(roomId) + "/kick", Map.of("user_id", target.userId()));
            assertEquals(403, kick.status(), target.userId() + ": " + kick.text());
            assertEquals("M_FORBIDDEN", kick.errcode());
        }
        assertEquals("ban", alice.http().get(path(roomId) + "/state/m.room.member/" + banned.userId()).json()
                .get("membership").asText(), "still banned");
        assertEquals(403, post(alice, path(roomId) + "/unban", Map.of("user_id", stranger.userId())).status());
    }

    @Test
    void identicalStateAndASecondJoinAddNothing() {
        Login alice = user("repeat");
        Login bob = user("rejoin");
        String roomId = createRoom(alice, Map.of("preset", "public_chat"));
        String first = alice.http().put(path(roomId) + "/state/m.room.topic", Map.of("topic", "same")).json()
                .get("event_id").asText();
        String again = alice.http().put(path(roomId) + "/state/m.room.topic", Map.of("topic", "same")).json()
                .get("event_id").asText();
        assertEquals(first, again);
        post(bob, "/_matrix/client/v3/join/" + roomId, Map.of());
        String join = memberEventId(bob, roomId);
        long before = streamPosition(bob);
        assertEquals(200, post(bob, "/_matrix/client/v3/join/" + roomId, Map.of()).status());
        assertEquals(before, streamPosition(bob), "joining again stored nothing");
        assertEquals(join, memberEventId(bob, roomId));
        String other = alice.http().put(path(roomId) + "/state/m.room.topic", Map.of("topic", "other")).json()
                .get("event_id").asText();
        assertNotEquals(first, other, "different content is a new event");
    }

    private static String memberEventId(Login who, String roomId) {
        for (JsonNode e : who.http().get(path(roomId) + "/state").json()) {
            if ("m.room.member".equals(e.get("type").asText()) && who.userId().equals(e.get("state_key").asText())) {
                return e.get("event_id").asText();
            }
        }
        throw new AssertionError("no member event of " + who.userId());
    }

    // --- aliases

    @Test
    void theCanonicalAliasNamesOnlyAliasesOfItsRoom() {
        Login alice = user("canon");
        String roomId = createRoom(alice, Map.of());
        String otherRoom = createRoom(alice, Map.of());
        String own = "#own" + unique() + ":localhost";
        String foreign = "#foreign" + unique() + ":localhost";
        assertEquals(200, alice.http().put("/_matrix/client/v3/directory/room/" + own.replace("#", "%23"),
                Map.of("room_id", roomId)).status());
        assertEquals(200, alice.http().put("/_matrix/client/v3/directory/room/" + foreign.replace("#", "%23"),
                Map.of("room_id", otherRoom)).status());
        String canonical = path(roomId) + "/state/m.room.canonical_alias";

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("alias", foreign),
                Map.of("alias", "#nowhere" + unique() + ":localhost"),
                Map.of("alias", own, "alt_aliases", List.of(foreign)))) {
            Reply refused = alice.http().put(canonical, bad);
            assertEquals(400, refused.status(), bad + ": " + refused.text());
            assertEquals("M_BAD_ALIAS", refused.errcode());
        }
        assertEquals("M_INVALID_PARAM", alice.http().put(canonical, Map.of("alias", "not an alias")).errcode());
        assertEquals(200, alice.http().put(canonical, Map.of("alias", own)).status());
    }

    @Test
    void deletingAnAliasTakesItOutOfTheCanonicalAlias() {
        Login alice = user("tidy");
        String localpart = "tidy" + unique();
        String roomId = createRoom(alice, Map.of("room_alias_name", localpart));
        String alias = "#" + localpart + ":localhost";
        String alt = "#alt" + unique() + ":localhost";
        alice.http().put("/_matrix/client/v3/directory/room/" + alt.replace("#", "%23"), Map.of("room_id", roomId));
        assertEquals(200, alice.http().put(path(roomId) + "/state/m.room.canonical_alias",
                Map.of("alias", alias, "alt_aliases", List.of(alt))).status());

        assertEquals(200, alice.http().delete("/_matrix/client/v3/directory/room/" + alias.replace("#", "%23")).status());

        JsonNode canonical = alice.http().get(path(roomId) + "/state/m.room.canonical_alias").json();
        assertFalse(canonical.has("alias"), canonical.toString());
        assertEquals(List.of(alt), RoomApiContract.jsonList(canonical.get("alt_aliases")));
    }

    @Test
    void aTakenAliasIsRoomInUse() {
        Login alice = user("taken");
        String roomId = createRoom(alice, Map.of());
        String encoded = ("#t" + unique() + ":localhost").replace("#", "%23");
        assertEquals(200, alice.http().put("/_matrix/client/v3/directory/room/" + encoded, Map.of("room_id", roomId)).status());
        Reply again = alice.http().put("/_matrix/client/v3/directory/room/" + encoded, Map.of("room_id", roomId));
        assertEquals(409, again.status());
        assertEquals("M_ROOM_IN_USE", again.errcode());
    }
}
