package org.hearth.itest.moderation;

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
 * Synapse's admin API for rooms, as operators' tools call it: a room's details and members
 * ({@code GET /_synapse/admin/v1/rooms/{roomId}}, {@code …/members}), blocking it
 * ({@code PUT/GET …/block}) and shutting it down ({@code DELETE /_synapse/admin/v1/rooms/{roomId}}):
 * its local users moved out into a room of notice they cannot write in, its aliases pointing
 * there, no one let back in. Run once per database.
 */
abstract class RoomModerationContract {
    static final String SECRET = "the shared secret of the moderation tests";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String ADMIN_ROOMS = "/_synapse/admin/v1/rooms/";
    private static final String CLIENT = "/_matrix/client/v3/";

    abstract MatrixHttp http();

    private Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet(), "pw of " + name);
    }

    private Login admin() {
        return Accounts.registerWithSharedSecret(http(), SECRET, "root" + NEXT.incrementAndGet(), "root pw", true);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(Reply reply) {
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    private static void refused(int status, String errcode, Reply reply) {
        assertEquals(status, reply.status(), reply.text());
        assertEquals(errcode, reply.errcode(), reply.text());
    }

    private static Reply delete(Login who, String roomId, String body) {
        return who.http().send("DELETE", ADMIN_ROOMS + enc(roomId), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String publicRoom(Login creator, String aliasLocalpart) {
        return ok(creator.http().post(CLIENT + "createRoom", Map.of("preset", "public_chat", "visibility", "public",
                "room_alias_name", aliasLocalpart))).get("room_id").asText();
    }

    private static Reply join(Login who, String roomId) {
        return who.http().post(CLIENT + "join/" + enc(roomId), Map.of());
    }

    private static Reply say(Login who, String roomId, String body) {
        return who.http().put(CLIENT + "rooms/" + enc(roomId) + "/send/m.room.message/m" + NEXT.incrementAndGet(),
                Map.of("msgtype", "m.text", "body", body));
    }

    private static List<String> publicRoomIds(Login who) {
        List<String> ids = new ArrayList<>();
        ok(who.http().get(CLIENT + "publicRooms?limit=100")).path("chunk").forEach(r -> ids.add(r.path("room_id").asText()));
        return ids;
    }

    @Test
    void shutDownMovesLocalUsersToARoomOfNoticeBlocksTheRoomAndMovesItsAlias() {
        Login root = admin();
        Login alice = user("alice");
        Login bob = user("bob");
        Login carol = user("carol");
        Login notice = user("notice");
        String alias = "town" + NEXT.incrementAndGet();
        String roomId = publicRoom(alice, alias);
        ok(join(bob, roomId));
        ok(alice.http().post(CLIENT + "rooms/" + enc(roomId) + "/invite", Map.of("user_id", carol.userId())));
        assertTrue(publicRoomIds(bob).contains(roomId));

        refused(403, "M_FORBIDDEN", delete(alice, roomId, "{\"purge\": false}"));
        // Synapse's default is to purge the history, which Hearth does not do: said, not pretended
        refused(400, "M_INVALID_PARAM", delete(root, roomId, null));
        JsonNode done = ok(delete(root, roomId, "{\"purge\": false, \"block\": true, \"new_room_user_id\": \""
                + notice.userId() + "\", \"message\": \"Moved for review\"}"));

        List<String> kicked = new ArrayList<>();
        done.path("kicked_users").forEach(u -> kicked.add(u.asText()));
        assertEquals(List.of(alice.userId(), bob.userId(), carol.userId()).stream().sorted().toList(),
                kicked.stream().sorted().toList());
        assertEquals(0, done.path("failed_to_kick_users").size(), done.toString());
        String localAlias = "#" + alias + ":localhost";
        assertEquals(localAlias, done.path("local_aliases").path(0).asText(), done.toString());
        String newRoom = done.path("new_room_id").asText();

        // the old room: no one of this server in it, no one let back in, out of the directory
        refused(403, "M_FORBIDDEN", say(alice, roomId, "still here?"));
        refused(403, "M_FORBIDDEN", join(bob, roomId));
        refused(403, "M_FORBIDDEN", join(carol, roomId));
        assertFalse(publicRoomIds(bob).contains(roomId));
        JsonNode block = ok(root.http().get(ADMIN_ROOMS + enc(roomId) + "/block"));
        assertTrue(block.path("block").asBoolean());
        assertEquals(root.userId(), block.path("user_id").asText());

        // the alias leads to the room of notice, where the moved users read and cannot write
        assertEquals(newRoom, ok(bob.http().get(CLIENT + "directory/room/" + enc(localAlias))).path("room_id").asText());
        // the whole of the new room's timeline (the default of 10 events could leave out the notice)
        JsonNode sync = ok(bob.http().get(CLIENT + "sync?timeout=0&filter="
                + enc("{\"room\":{\"timeline\":{\"limit\":50}}}")));
        assertTrue(sync.path("rooms").path("join").has(newRoom), sync.toString());
        assertFalse(sync.path("rooms").path("join").has(roomId), "forgotten: " + sync);
        assertFalse(sync.path("rooms").path("leave").has(roomId), "forgotten: " + sync);
        JsonNode timeline = sync.path("rooms").path("join").path(newRoom).path("timeline").path("events");
        boolean noticed = false;
        for (JsonNode event : timeline) {
            noticed |= "Moved for review".equals(event.path("content").path("body").asText());
        }
        assertTrue(noticed, timeline.toString());
        assertEquals("Room shut down", ok(bob.http().get(CLIENT + "rooms/" + enc(newRoom) + "/state/m.room.name/"))
                .path("name").asText());
        refused(403, "M_FORBIDDEN", say(bob, newRoom, "why?"));
        JsonNode carols = ok(carol.http().get(CLIENT + "sync?timeout=0"));
        assertFalse(carols.path("rooms").path("invite").has(roomId), "the invite is gone: " + carols);
        assertTrue(carols.path("rooms").path("join").has(newRoom), carols.toString());
    }

    @Test
    void aShutDownWithoutARoomOfNoticeRemovesTheAliasAndLetsUsersBackIn() {
        Login root = admin();
        Login alice = user("alice");
        String alias = "square" + NEXT.incrementAndGet();
        String roomId = publicRoom(alice, alias);

        JsonNode done = ok(delete(root, roomId, "{\"purge\": false}"));
        assertEquals(List.of(alice.userId()), List.of(done.path("kicked_users").path(0).asText()));
        assertTrue(done.path("new_room_id").isNull(), done.toString());
        refused(404, "M_NOT_FOUND", alice.http().get(CLIENT + "directory/room/" + enc("#" + alias + ":localhost")));
        assertFalse(ok(root.http().get(ADMIN_ROOMS + enc(roomId) + "/block")).path("block").asBoolean());
        ok(join(alice, roomId)); // not blocked: a shut-down room is only emptied
    }

    @Test
    void aBlockKeepsMembersInAndNewcomersOutUntilItIsLifted() {
        Login root = admin();
        Login alice = user("alice");
        Login bob = user("bob");
        Login carol = user("carol");
        String roomId = publicRoom(alice, "plaza" + NEXT.incrementAndGet());
        ok(join(bob, roomId));

        assertTrue(ok(root.http().put(ADMIN_ROOMS + enc(roomId) + "/block", Map.of("block", true))).path("block")
                .asBoolean());
        refused(403, "M_FORBIDDEN", join(carol, roomId));
        refused(403, "M_FORBIDDEN", alice.http().post(CLIENT + "rooms/" + enc(roomId) + "/invite",
                Map.of("user_id", carol.userId())));
        refused(403, "M_FORBIDDEN", carol.http().post(CLIENT + "knock/" + enc(roomId), Map.of()));
        ok(say(bob, roomId, "members stay and talk"));
        ok(bob.http().post(CLIENT + "rooms/" + enc(roomId) + "/leave", Map.of()));
        refused(403, "M_FORBIDDEN", join(bob, roomId));

        assertFalse(ok(root.http().put(ADMIN_ROOMS + enc(roomId) + "/block", Map.of("block", false))).path("block")
                .asBoolean());
        assertEquals("{\"block\":false}", ok(root.http().get(ADMIN_ROOMS + enc(roomId) + "/block")).toString());
        ok(join(carol, roomId));
        ok(join(bob, roomId));
    }

    @Test
    void aRoomUnknownHereCanBeBlockedBeforeAnyoneJoinsIt() { // joining it over federation: FederatedRoomsContract
        Login root = admin();
        String unknown = "!notyet" + NEXT.incrementAndGet() + ":elsewhere.example";
        refused(404, "M_NOT_FOUND", delete(root, unknown, "{\"purge\": false}"));
        JsonNode done = ok(delete(root, unknown, "{\"purge\": false, \"block\": true}"));
        assertEquals(0, done.path("kicked_users").size(), done.toString());
        assertTrue(ok(root.http().get(ADMIN_ROOMS + enc(unknown) + "/block")).path("block").asBoolean());
    }

    @Test
    void anAdminSeesARoomsDetailsAndMembers() {
        Login root = admin();
        Login alice = user("alice");
        Login bob = user("bob");
        String alias = "lobby" + NEXT.incrementAndGet();
        String roomId = ok(alice.http().post(CLIENT + "createRoom", Map.of("preset", "public_chat",
                "visibility", "public", "room_alias_name", alias, "name", "The lobby", "topic", "Say hello")))
                .get("room_id").asText();
        ok(join(bob, roomId));

        JsonNode details = ok(root.http().get(ADMIN_ROOMS + enc(roomId)));
        assertEquals(roomId, details.path("room_id").asText());
        assertEquals("The lobby", details.path("name").asText());
        assertEquals("Say hello", details.path("topic").asText());
        assertEquals("#" + alias + ":localhost", details.path("canonical_alias").asText());
        assertEquals(2, details.path("joined_members").asInt());
        assertEquals(2, details.path("joined_local_members").asInt());
        assertEquals(alice.userId(), details.path("creator").asText());
        assertEquals("public", details.path("join_rules").asText());
        assertEquals("shared", details.path("history_visibility").asText());
        assertTrue(details.path("public").asBoolean(), details.toString());
        assertTrue(details.path("federatable").asBoolean(), details.toString());
        assertTrue(details.path("encryption").isNull(), details.toString());
        assertTrue(details.path("avatar").isNull(), details.toString());
        assertTrue(details.path("state_events").asInt() >= 8, details.toString()); // create, 2 members, levels, rules…
        assertFalse(details.path("version").asText().isEmpty(), details.toString());

        JsonNode members = ok(root.http().get(ADMIN_ROOMS + enc(roomId) + "/members"));
        assertEquals(2, members.path("total").asInt());
        List<String> ids = new ArrayList<>();
        members.path("members").forEach(m -> ids.add(m.asText()));
        assertEquals(List.of(alice.userId(), bob.userId()).stream().sorted().toList(), ids);

        ok(bob.http().post(CLIENT + "rooms/" + enc(roomId) + "/leave", Map.of()));
        assertEquals(1, ok(root.http().get(ADMIN_ROOMS + enc(roomId) + "/members")).path("total").asInt());
        assertEquals(1, ok(root.http().get(ADMIN_ROOMS + enc(roomId))).path("joined_members").asInt());
        refused(403, "M_FORBIDDEN", alice.http().get(ADMIN_ROOMS + enc(roomId)));
        refused(403, "M_FORBIDDEN", alice.http().get(ADMIN_ROOMS + enc(roomId) + "/members"));
        String unknown = "!nowhere" + NEXT.incrementAndGet() + ":localhost";
        refused(404, "M_NOT_FOUND", root.http().get(ADMIN_ROOMS + enc(unknown)));
        refused(404, "M_NOT_FOUND", root.http().get(ADMIN_ROOMS + enc(unknown) + "/members"));
    }

    @Test
    void wrongRequestsAreClearMatrixErrors() {
        Login root = admin();
        Login alice = user("alice");
        String roomId = publicRoom(alice, "hall" + NEXT.incrementAndGet());
        String block = ADMIN_ROOMS + enc(roomId) + "/block";

        refused(403, "M_FORBIDDEN", alice.http().get(block));
        refused(403, "M_FORBIDDEN", alice.http().put(block, Map.of("block", true)));
        refused(400, "M_MISSING_PARAM", root.http().put(block, Map.of()));
        // a field of the wrong type is M_BAD_JSON, as Synapse answers and every Hearth body reader
        refused(400, "M_BAD_JSON", root.http().put(block, Map.of("block", "yes")));
        refused(400, "M_INVALID_PARAM", root.http().get(ADMIN_ROOMS + "not-a-room/block"));
        refused(400, "M_BAD_JSON", delete(root, roomId, "[]"));
        refused(400, "M_NOT_JSON", delete(root, roomId, "{purge"));
        refused(400, "M_BAD_JSON", delete(root, roomId, "{\"purge\": \"no\"}"));
        refused(400, "M_INVALID_PARAM", delete(root, roomId, "{\"purge\": false, \"new_room_user_id\": \"@x:elsewhere.example\"}"));
        refused(400, "M_INVALID_PARAM", delete(root, roomId, "{\"purge\": false, \"new_room_user_id\": \"nobody\"}"));
        refused(400, "M_BAD_JSON", delete(root, roomId, "{\"purge\": false, \"room_name\": 7}"));
        // none of these changed anything
        ok(say(alice, roomId, "still open"));
        assertFalse(ok(root.http().get(block)).path("block").asBoolean());
    }
}
