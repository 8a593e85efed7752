package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.itest.federation.HearthCluster.Member;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;

/**
 * A room spanning three Hearth servers, each its own process ({@link HearthCluster}): messages
 * flow every way; a server killed with SIGKILL and restarted catches up from the others'
 * durable queues; a server that loses its federation bundle (hot-unplugged from deploy/) is a
 * private server while the two others carry on, and when the bundle is back everything it missed
 * and everything it did meanwhile crosses, and every server holds the same room state (both
 * sides changed the topic: state resolution decides the same way everywhere). Messages are sent
 * as a causal chain (each after its sender's server has the one before), an order every server
 * must keep; concurrent messages may legitimately be ordered differently by each server.
 */
abstract class ThreeServersContract {
    static final String A = "hsa.test";
    static final String B = "hsb.test";
    static final String C = "hsc.test";
    private static final Duration FLOW = Duration.ofSeconds(60);
    private static final Duration CATCH_UP = Duration.ofSeconds(180);
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract HearthCluster cluster();

    /** Alice on A, Bob on B, Carol on C, all joined to Alice's public room. */
    record Room(String id, Login alice, Login bob, Login carol) {
        List<Login> everyone() {
            return List.of(alice, bob, carol);
        }
    }

    @Test
    void aRoomSpansThreeServersAndMessagesFlowEveryWay() {
        Room room = room();
        List<String> said = new ArrayList<>();
        for (Login speaker : room.everyone()) {
            // each speaks after hearing the one before: a chain every server must order the same way
            said.add(say(speaker, room, "hello from " + speaker.userId()));
            for (Login reader : room.everyone()) {
                Await.until(reader.userId() + " to see " + said, FLOW, () -> bodies(reader, room).containsAll(said));
            }
        }
        List<String> order = bodies(room.alice(), room);
        assertEquals(order, bodies(room.bob(), room), "B orders the room as A does");
        assertEquals(order, bodies(room.carol(), room), "C orders the room as A does");
        for (Login reader : room.everyone()) {
            JsonNode sync = reader.http().get("/_matrix/client/v3/sync?timeout=0").json();
            List<String> seen = new ArrayList<>();
            sync.path("rooms").path("join").path(room.id()).path("timeline").path("events")
                    .forEach(e -> seen.add(e.path("content").path("body").asText()));
            assertTrue(seen.containsAll(said), reader.userId() + "'s sync: " + sync);
        }
    }

    @Test
    void aServerKilledWithSigkillCatchesUpAfterItsRestart() {
        Room room = room();
        Member c = cluster().member(C);
        String carolsToken = room.carol().http().get("/_matrix/client/v3/sync?timeout=0").json()
                .path("next_batch").asText();

        c.kill();
        List<String> meanwhile = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            meanwhile.add(say(i % 2 == 0 ? room.alice() : room.bob(), room, "while C is down " + i));
            Await.until("A and B to see " + meanwhile, FLOW, () -> bodies(room.alice(), room).containsAll(meanwhile)
                    && bodies(room.bob(), room).containsAll(meanwhile));
        }

        c.start();
        // No message from C: what arrives is what A's and B's queues kept for it. Carol's typing is
        // C's first transaction since its restart, and hearing from C ends A's and B's back-off
        // (which doubled while C was down) as a returning server's first contact does; left to the
        // back-off alone, the catch-up took from one to more than three minutes here.
        Reply typing = room.carol().http().put("/_matrix/client/v3/rooms/" + enc(room.id()) + "/typing/"
                + enc(room.carol().userId()), Map.of("typing", true, "timeout", 30_000));
        assertEquals(200, typing.status(), typing.text());
        cluster().awaitOrReport("C to have every message sent while it was down", CATCH_UP,
                () -> bodies(room.carol(), room).containsAll(meanwhile));
        assertEquals(bodies(room.alice(), room), bodies(room.carol(), room), "C orders the room as A does");
        JsonNode sync = room.carol().http()
                .get("/_matrix/client/v3/sync?timeout=0&since=" + enc(carolsToken)).json();
        List<String> synced = new ArrayList<>();
        sync.path("rooms").path("join").path(room.id()).path("timeline").path("events")
                .forEach(e -> synced.add(e.path("content").path("body").asText()));
        assertEquals(meanwhile, synced.stream().filter(meanwhile::contains).toList(),
                "Carol's sync from before the crash has them, in order: " + sync);

        String back = say(room.carol(), room, "C is back");
        Await.until("A and B to hear from C again", FLOW,
                () -> bodies(room.alice(), room).contains(back) && bodies(room.bob(), room).contains(back));
    }

    @Test
    void withoutItsFederationBundleAServerIsPrivateAndCatchesUpWhenItReturns() throws Exception {
        Room room = room();
        Member c = cluster().member(C);
        String levelsPath = "/_matrix/client/v3/rooms/" + enc(room.id()) + "/state/m.room.power_levels/";
        ObjectNode content = (ObjectNode) room.alice().http().get(levelsPath).json();
        content.with("users").put(room.carol().userId(), 100);
        Reply levels = room.alice().http().put(levelsPath, content);
        assertEquals(200, levels.status(), levels.toString());
        Await.until("C to know Carol may change the topic", FLOW, () -> room.carol().http()
                .get("/_matrix/client/v3/rooms/" + enc(room.id()) + "/state/m.room.power_levels/").json()
                .path("users").path(room.carol().userId()).asInt() == 100);
        c.removeFederation();
        try {
            // C is a private server: it reaches no one, and the others carry on without it
            Reply remoteJoin = room.carol().http().post("/_matrix/client/v3/join/" + enc("#nowhere:" + A), Map.of());
            assertNotEquals(200, remoteJoin.status(), remoteJoin.toString());
            assertTrue(remoteJoin.json().path("errcode").asText().startsWith("M_"), remoteJoin.toString());

            List<String> partitioned = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                partitioned.add(say(i % 2 == 0 ? room.alice() : room.bob(), room, "partition " + i));
            }
            Await.until("A and B to talk without C", FLOW, () -> bodies(room.alice(), room).containsAll(partitioned)
                    && bodies(room.bob(), room).containsAll(partitioned));
            String carols = say(room.carol(), room, "Carol alone on C");
            // both sides change the topic during the partition
            setTopic(room.alice(), room, "topic from A");
            setTopic(room.carol(), room, "topic from C");
            assertTrue(bodies(room.carol(), room).stream().noneMatch(partitioned::contains), "C heard nothing");
            assertTrue(!bodies(room.alice(), room).contains(carols), "A heard nothing from C");

            c.restoreFederation();
            c.awaitFederating();
            for (Login reader : room.everyone()) {
                Await.until(reader.userId() + " to have every message after the partition", FLOW,
                        () -> bodies(reader, room).containsAll(partitioned) && bodies(reader, room).contains(carols));
            }
            try {
                Await.until("every server to hold the same room state", FLOW, () -> {
                    Set<String> onA = stateIds(room.alice(), room.id());
                    return onA.equals(stateIds(room.bob(), room.id())) && onA.equals(stateIds(room.carol(), room.id()));
                });
            } finally {
                assertEquals(state(room.alice(), room), state(room.bob(), room), "B's state is A's");
                assertEquals(state(room.alice(), room), state(room.carol(), room), "C's state is A's");
            }
        } finally {
            if (!c.federationAnswers()) {
                c.restoreFederation();
                c.awaitFederating();
            }
        }
    }

    /** Alice creates the room on A, Bob joins it by alias from B, Carol on C is invited and joins. */
    private Room room() {
        Login alice = register(A, "alice");
        Login bob = register(B, "bob");
        Login carol = register(C, "carol");
        String alias = "hall" + NEXT.incrementAndGet() + "x" + (System.nanoTime() % 10_000);
        Reply created = alice.http().post("/_matrix/client/v3/createRoom",
                Map.of("preset", "public_chat", "room_alias_name", alias));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();

        Reply joined = bob.http().post("/_matrix/client/v3/join/" + enc("#" + alias + ":" + A), Map.of());
        assertEquals(200, joined.status(), joined.toString());
        Reply invited = alice.http().post("/_matrix/client/v3/rooms/" + enc(roomId) + "/invite",
                Map.of("user_id", carol.userId()));
        assertEquals(200, invited.status(), invited.toString());
        Await.until("Carol's invite on C", FLOW, () -> carol.http().get("/_matrix/client/v3/sync?timeout=0").json()
                .path("rooms").path("invite").has(roomId));
        Reply carolJoined = carol.http().post("/_matrix/client/v3/join/" + enc(roomId), Map.of());
        assertEquals(200, carolJoined.status(), carolJoined.toString());

        Room room = new Room(roomId, alice, bob, carol);
        Set<String> all = Set.of(alice.userId(), bob.userId(), carol.userId());
        for (Login who : room.everyone()) {
            Await.until(who.userId() + " to see all three joined", FLOW, () -> joinedMembers(who, roomId).equals(all));
        }
        return room;
    }

    private Login register(String server, String name) {
        return Accounts.register(cluster().member(server).http(), name + NEXT.incrementAndGet() + "x"
                + (System.nanoTime() % 10_000), "pw");
    }

    private static String say(Login who, Room room, String body) {
        Reply sent = who.http().put("/_matrix/client/v3/rooms/" + enc(room.id()) + "/send/m.room.message/t"
                + NEXT.incrementAndGet(), Map.of("msgtype", "m.text", "body", body));
        assertEquals(200, sent.status(), sent.toString());
        return body;
    }

    private static void setTopic(Login who, Room room, String topic) {
        Reply set = who.http().put("/_matrix/client/v3/rooms/" + enc(room.id()) + "/state/m.room.topic/",
                Map.of("topic", topic));
        assertEquals(200, set.status(), set.toString());
    }

    private static List<String> bodies(Login who, Room room) {
        return FederatedRoomsContract.bodies(who, room.id());
    }

    /** Who the reader's server says is joined (empty while it cannot tell). */
    static Set<String> joinedMembers(Login who, String roomId) {
        Reply reply = who.http().get("/_matrix/client/v3/rooms/" + enc(roomId) + "/joined_members");
        Set<String> users = new TreeSet<>();
        if (reply.status() == 200) {
            reply.json().path("joined").fieldNames().forEachRemaining(users::add);
        }
        return users;
    }

    /** The event IDs of the room's current state on the reader's server. */
    static Set<String> stateIds(Login who, String roomId) {
        Reply reply = who.http().get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state");
        assertEquals(200, reply.status(), reply.toString());
        Set<String> ids = new TreeSet<>();
        reply.json().forEach(e -> ids.add(e.path("event_id").asText()));
        return ids;
    }

    /** The room's current state on the reader's server: type and state key → event ID and content. */
    private static Map<String, String> state(Login who, Room room) {
        Map<String, String> state = new TreeMap<>();
        who.http().get("/_matrix/client/v3/rooms/" + enc(room.id()) + "/state").json().forEach(e -> state.put(
                e.path("type").asText() + "|" + e.path("state_key").asText(),
                e.path("event_id").asText() + " " + e.path("content")));
        return state;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
