package org.hearth.itest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * What a hostile room member or client sends is refused at the door with a 400, and whatever is
 * accepted can be read back by every member (issue 9): one nesting limit, numbers and strings
 * Canonical JSON can carry, NUL only inside JSON values, the size limits of the spec. Run once
 * per database by the subclasses.
 */
abstract class InputLimitsContract {
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract MatrixHttp http();

    /** The data directory of the server under test. */
    abstract Path dataDir();

    Login user(String name) {
        return Accounts.register(http(), name + NEXT.incrementAndGet() + "x" + (System.nanoTime() % 10_000), "pw");
    }

    static String room(Login who) {
        Reply reply = who.http().post("/_matrix/client/v3/createRoom", Map.of());
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    static String txn() {
        return "t" + NEXT.incrementAndGet();
    }

    static Reply sendRaw(Login who, String roomId, String json) {
        return who.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/" + txn(), json);
    }

    /** Objects nested {@code depth} levels deep, the innermost one given. */
    static String nested(int depth, String innermost) {
        return "{\"a\":".repeat(depth - 1) + innermost + "}".repeat(depth - 1);
    }

    static String nested(int depth) {
        return nested(depth, "{}");
    }

    static void badJson(Reply reply, String field) {
        assertEquals(400, reply.status(), reply.text());
        assertEquals("M_BAD_JSON", reply.errcode(), reply.text());
        if (field != null) {
            assertTrue(reply.json().get("error").asText().contains(field), "names " + field + ": " + reply.text());
        }
    }

    static void invalidParam(Reply reply) {
        assertEquals(400, reply.status(), reply.text());
        assertEquals("M_INVALID_PARAM", reply.errcode(), reply.text());
    }

    /** Every read a member makes of the room answers 200. */
    static void readableByMembers(Login member, String roomId, String eventId) {
        String r = "/_matrix/client/v3/rooms/" + roomId;
        String e = URLEncoder.encode(eventId, StandardCharsets.UTF_8);
        for (String path : List.of(r + "/state", r + "/members", r + "/joined_members", r + "/messages?dir=b&limit=50",
                r + "/event/" + e, r + "/context/" + e, "/_matrix/client/v3/sync?timeout=0")) {
            Reply reply = member.http().get(path);
            assertEquals(200, reply.status(), path + ": " + reply.text());
        }
    }

    @Test
    void contentNestedToTheLimitIsStoredAndReadableByEveryMember() {
        Login alice = user("deep");
        Login bob = user("reader");
        String roomId = room(alice);
        alice.http().post("/_matrix/client/v3/rooms/" + roomId + "/invite", Map.of("user_id", bob.userId()));
        assertEquals(200, bob.http().post("/_matrix/client/v3/join/" + roomId, Map.of()).status());

        Reply deepest = sendRaw(alice, roomId, nested(100, "{\"body\":\"bottom\"}"));
        assertEquals(200, deepest.status(), deepest.text());
        // a member's own m.room.member, as deep as allowed: state, /members, sync
        Reply member = bob.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/" + bob.userId(),
                "{\"membership\":\"join\",\"x\":" + nested(99) + "}");
        assertEquals(200, member.status(), member.text());
        readableByMembers(bob, roomId, deepest.json().get("event_id").asText());
        readableByMembers(alice, roomId, member.json().get("event_id").asText());
        Reply read = bob.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/"
                + URLEncoder.encode(deepest.json().get("event_id").asText(), StandardCharsets.UTF_8));
        assertEquals("bottom", read.json().at("/content" + "/a".repeat(99) + "/body").asText(), "stored whole");
    }

    @Test
    void contentNestedDeeperIsBadJsonAndNothingIsStored() {
        Login alice = user("deeper");
        String roomId = room(alice);
        int before = timeline(alice, roomId).size();
        for (int depth : new int[] {101, 997, 998, 999, 5000}) {
            badJson(sendRaw(alice, roomId, nested(depth)), "deeper than 100");
            badJson(alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.member/" + alice.userId(),
                    "{\"membership\":\"join\",\"x\":" + nested(depth - 1) + "}"), "deeper than 100");
        }
        badJson(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/x.deep",
                nested(150)), "deeper than 100");
        assertEquals(before, timeline(alice, roomId).size(), "nothing was stored");
        readableByMembers(alice, roomId, timeline(alice, roomId).get(0).get("event_id").asText());
    }

    @Test
    void numbersAndStringsCanonicalJsonCannotCarryAreBadJsonNamingTheField() {
        Login alice = user("numbers");
        Login bob = user("target");
        String roomId = room(alice);
        int before = timeline(alice, roomId).size();
        for (String n : List.of("9007199254740992", "-9007199254740992", "1.5", "1e999999", "-1e-999999", "0.1")) {
            badJson(sendRaw(alice, roomId, "{\"body\":\"x\",\"n\":" + n + "}"), "/n");
            badJson(alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.power_levels",
                    "{\"users\":{\"" + alice.userId() + "\":100},\"ban\":" + n + "}"), "/ban");
        }
        badJson(sendRaw(alice, roomId, "{\"body\":\"\\ud800\"}"), "/body");
        badJson(sendRaw(alice, roomId, "{\"body\":\"a\\udfffb\"}"), "/body");
        String target = timeline(alice, roomId).get(0).get("event_id").asText();
        badJson(alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/redact/"
                + URLEncoder.encode(target, StandardCharsets.UTF_8) + "/" + txn(), "{\"reason\":\"\\ud800\"}"), "/reason");
        badJson(alice.http().post("/_matrix/client/v3/rooms/" + roomId + "/kick",
                "{\"user_id\":\"" + bob.userId() + "\",\"reason\":\"\\udc00\"}"), "/reason");
        badJson(alice.http().post("/_matrix/client/v3/createRoom",
                "{\"power_level_content_override\":{\"ban\":50.5}}"), "/power_level_content_override/ban");
        badJson(alice.http().post("/_matrix/client/v3/createRoom",
                "{\"initial_state\":[{\"type\":\"x.y\",\"content\":{\"n\":9007199254740992}}]}"), "/initial_state/0/content/n");
        assertEquals(before, timeline(alice, roomId).size(), "nothing was stored");
        assertEquals(50, alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/state/m.room.power_levels")
                .json().get("ban").asInt(), "power levels unchanged");
    }

    @Test
    void integersWrittenWithAnExponentOrFractionAreStoredAsIntegers() {
        Login alice = user("integral");
        String roomId = room(alice);
        Reply sent = sendRaw(alice, roomId, "{\"body\":\"x\",\"a\":1e3,\"b\":2.0,\"c\":9007199254740991}");
        assertEquals(200, sent.status(), sent.text());
        JsonNode content = alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/event/"
                + URLEncoder.encode(sent.json().get("event_id").asText(), StandardCharsets.UTF_8)).json().get("content");
        assertEquals(1000, content.get("a").longValue());
        assertEquals(2, content.get("b").longValue());
        assertEquals(9007199254740991L, content.get("c").longValue());
        assertTrue(content.get("a").isIntegralNumber() && content.get("b").isIntegralNumber(), content.toString());
    }

    @Test
    void jsonInAQueryParameterKeepsTheSameRules() {
        Login alice = user("filter");
        String roomId = room(alice);
        String deep = URLEncoder.encode(nested(150), StandardCharsets.UTF_8);
        badJson(alice.http().get("/_matrix/client/v3/sync?timeout=0&filter=" + deep), "deeper than 100");
        badJson(alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&filter=" + deep), "deeper than 100");
        String floaty = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":1.5}}}", StandardCharsets.UTF_8);
        badJson(alice.http().get("/_matrix/client/v3/sync?timeout=0&filter=" + floaty), "limit");
        invalidParam(alice.http().get("/_matrix/client/v3/sync?timeout=0&filter=%7B%22a%22%3A%22%00%22%7D"));
        invalidParam(alice.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&from=%FF"));
    }

    @Test
    void nulIsRefusedInIdentifiersAndNamesButKeptInsideContent() {
        Login alice = user("nul");
        String roomId = room(alice);
        String r = "/_matrix/client/v3/rooms/" + roomId;
        invalidParam(alice.http().put(r + "/state/a%00b", Map.of()));
        invalidParam(alice.http().put(r + "/state/m.room.topic/a%00b", Map.of("topic", "x")));
        invalidParam(alice.http().put(r + "/send/m.room.message/a%00b", Map.of("body", "x")));
        invalidParam(alice.http().put(r + "/send/a%00b/" + txn(), Map.of("body", "x")));
        invalidParam(alice.http().put("/_matrix/client/v3/directory/room/%00", Map.of("room_id", roomId)));
        invalidParam(alice.http().put("/_matrix/client/v3/directory/room/%23a%00b:localhost", Map.of("room_id", roomId)));
        invalidParam(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/a%00b", Map.of()));
        invalidParam(alice.http().put("/_matrix/client/v3/devices/" + alice.deviceId(), Map.of("display_name", "\u0000")));
        invalidParam(alice.http().post("/_matrix/client/v3/createRoom",
                Map.of("initial_state", List.of(Map.of("type", "a\u0000b", "content", Map.of())))));
        invalidParam(alice.http().post("/_matrix/client/v3/createRoom",
                Map.of("initial_state", List.of(Map.of("type", "x.y", "state_key", "\u0000", "content", Map.of())))));
        invalidParam(alice.http().post("/_matrix/client/v3/createRoom", Map.of("room_alias_name", "a\u0000b")));
        invalidParam(http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", alice.userId()), "password", "pw",
                "device_id", "D\u0000")));
        invalidParam(http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", alice.userId()), "password", "pw",
                "initial_device_display_name", "\u0000")));

        Reply sent = alice.http().put(r + "/send/m.room.message/" + txn(), Map.of("body", "a\u0000b"));
        assertEquals(200, sent.status(), sent.text());
        JsonNode read = alice.http().get(r + "/event/" + URLEncoder.encode(sent.json().get("event_id").asText(),
                StandardCharsets.UTF_8)).json();
        assertEquals("a\u0000b", read.at("/content/body").asText());
        Reply data = alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/x.nul",
                Map.of("v", "\u0000"));
        assertEquals(200, data.status(), data.text());
        assertEquals("\u0000", alice.http().get("/_matrix/client/v3/user/" + alice.userId() + "/account_data/x.nul")
                .json().get("v").asText());
        readableByMembers(alice, roomId, sent.json().get("event_id").asText());
    }

    @Test
    void sizeLimitsOfTheSpecAreEnforced() {
        Login alice = user("sizes");
        String roomId = room(alice);
        String r = "/_matrix/client/v3/rooms/" + roomId;
        String max = "t".repeat(255);
        String over = "t".repeat(256);
        String overInBytes = "\u00e9".repeat(128); // 128 characters, 256 bytes
        assertEquals(200, alice.http().put(r + "/state/" + max + "/" + max, Map.of()).status());
        invalidParam(alice.http().put(r + "/state/" + over, Map.of()));
        invalidParam(alice.http().put(r + "/state/" + enc(overInBytes), Map.of()));
        invalidParam(alice.http().put(r + "/state/x.y/" + over, Map.of()));
        invalidParam(alice.http().put(r + "/state/x.y/" + enc(overInBytes), Map.of()));
        invalidParam(alice.http().put(r + "/send/" + over + "/" + txn(), Map.of()));
        invalidParam(alice.http().put(r + "/send/m.room.message/" + over, Map.of()));
        invalidParam(alice.http().post("/_matrix/client/v3/createRoom",
                Map.of("initial_state", List.of(Map.of("type", over, "content", Map.of())))));
        invalidParam(alice.http().post("/_matrix/client/v3/createRoom", Map.of("room_alias_name", "a".repeat(250))));
        invalidParam(alice.http().put("/_matrix/client/v3/directory/room/%23" + "a".repeat(250) + ":localhost",
                Map.of("room_id", roomId)));
        invalidParam(alice.http().put("/_matrix/client/v3/user/" + alice.userId() + "/account_data/" + over, Map.of()));
        Reply longName = alice.http().put("/_matrix/client/v3/devices/" + alice.deviceId(), Map.of("display_name", over));
        assertEquals(400, longName.status(), longName.text());
        assertEquals("M_TOO_LARGE", longName.errcode());
        invalidParam(http().post("/_matrix/client/v3/login", Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", alice.userId()), "password", "pw",
                "device_id", "D".repeat(256))));
        // typed IDs in paths: too long, or not IDs at all
        invalidParam(alice.http().get("/_matrix/client/v3/rooms/!" + "r".repeat(255) + ":localhost/state"));
        invalidParam(alice.http().get("/_matrix/client/v3/rooms/not-a-room/state"));
        invalidParam(alice.http().get(r + "/event/$" + "e".repeat(300)));
        invalidParam(alice.http().get(r + "/event/not-an-event"));
        invalidParam(alice.http().put(r + "/typing/@" + "u".repeat(300) + ":localhost", Map.of("typing", false)));
        invalidParam(alice.http().get("/_matrix/client/v3/devices/" + "D".repeat(300)));

        Reply state = alice.http().get(r + "/state");
        assertEquals(200, state.status());
        for (JsonNode event : state.json()) {
            assertTrue(event.get("type").asText().getBytes(StandardCharsets.UTF_8).length <= 255, event.toString());
            assertTrue(event.get("state_key").asText().getBytes(StandardCharsets.UTF_8).length <= 255, event.toString());
        }
    }

    @Test
    void publicRoomsNeedATokenByDefault() {
        Reply anonymous = http().get("/_matrix/client/v3/publicRooms");
        assertEquals(401, anonymous.status(), anonymous.text());
        assertEquals("M_MISSING_TOKEN", anonymous.errcode());
        assertEquals(200, user("directory").http().get("/_matrix/client/v3/publicRooms").status());
    }

    @Test
    void withRateLimitsOffNothingIsLimited() {
        Login alice = user("unlimited");
        String roomId = room(alice);
        for (int i = 0; i < 120; i++) {
            Reply sent = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/" + txn(),
                    Map.of("body", "m" + i));
            assertEquals(200, sent.status(), "rate_limits.enabled: false: " + sent.text());
        }
    }

    @Test
    void inProcessTooTheDataDirectoryAndItsFilesAreTheServersOwn() throws IOException {
        // the testkit's container runs in this JVM, whose umask bin/hearth does not set:
        // Hearth itself makes the directory 0700 and its database and key files 0600
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir())));
        try (Stream<Path> top = Files.list(dataDir())) {
            for (Path file : top.filter(Files::isRegularFile).toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file.getFileName().toString());
            }
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<JsonNode> timeline(Login who, String roomId) {
        Reply page = who.http().get("/_matrix/client/v3/rooms/" + roomId + "/messages?dir=b&limit=100");
        assertEquals(200, page.status(), page.text());
        List<JsonNode> out = new java.util.ArrayList<>();
        page.json().get("chunk").forEach(out::add);
        return out;
    }
}
