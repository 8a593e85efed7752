package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rooms across two Hearth servers on loopback (hs1.test, hs2.test, TLS from the test CA, as in
 * {@link FederationWireContract}): joining a room of the other server by alias (directory query,
 * make_join, send_join), the state both then hold, inviting a user of the other server (invite
 * v2). Run once per database by the subclasses.
 */
abstract class FederatedRoomsContract {
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract HearthServer hs1();

    abstract HearthServer hs2();

    @BeforeAll
    static void awaitListeners() {
        FederationWireContract.awaitListeners();
    }

    private static Login register(HearthServer server, String name) {
        return Accounts.register(server.http(), name + NEXT.incrementAndGet() + "x" + (System.nanoTime() % 10_000), "pw");
    }

    private static MatrixHttp as(Login who) {
        return who.http().as(who.accessToken());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Set<String> joined(Login who, String roomId) {
        Reply reply = as(who).get("/_matrix/client/v3/rooms/" + enc(roomId) + "/joined_members");
        assertEquals(200, reply.status(), reply.toString());
        Set<String> users = new HashSet<>();
        reply.json().path("joined").fieldNames().forEachRemaining(users::add);
        return users;
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
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc("#" + aliasName + ":hs1.test"), Map.of());
        assertEquals(200, join.status(), join.toString());
        assertEquals(roomId, join.json().path("room_id").asText());

        // hs2 holds the room's state, hs1 took Bob's join through send_join
        assertEquals(Set.of(alice.userId(), bob.userId()), joined(bob, roomId));
        assertEquals(Set.of(alice.userId(), bob.userId()), joined(alice, roomId));
        Reply name = as(bob).get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.name/");
        assertEquals("The hall", name.json().path("name").asText(), name.toString());

        Login carol = register(hs2(), "carol");
        Reply invite = as(alice).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/invite",
                Map.of("user_id", carol.userId()));
        assertEquals(200, invite.status(), invite.toString());
        Await.until("Carol's invite on hs2", Duration.ofSeconds(20), () -> {
            JsonNode sync = as(carol).get("/_matrix/client/v3/sync?timeout=0").json();
            return sync.path("rooms").path("invite").has(roomId);
        });
    }

    private static List<String> bodies(Login who, String roomId) {
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

    @Test
    void anInviteToARoomHs2IsNotInShowsAndCanBeRefused() {
        Login alice = register(hs1(), "alice");
        Reply created = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "private_chat"));
        String roomId = created.json().path("room_id").asText();
        Login dave = register(hs2(), "dave");
        Reply invite = as(alice).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/invite",
                Map.of("user_id", dave.userId()));
        assertEquals(200, invite.status(), invite.toString());
        JsonNode sync = as(dave).get("/_matrix/client/v3/sync?timeout=0").json();
        assertTrue(sync.path("rooms").path("invite").has(roomId), sync.toString());

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

    @Test
    void anAliasUnknownOnTheOtherServerIsNotFound() {
        Login frank = register(hs2(), "frank");
        Reply join = as(frank).post("/_matrix/client/v3/join/" + enc("#nowhere:hs1.test"), Map.of());
        assertEquals(404, join.status(), join.toString());
        assertEquals("M_NOT_FOUND", join.json().path("errcode").asText());
    }
}
