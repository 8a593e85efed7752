package org.hearth.itest.federation;

import static org.hearth.itest.federation.ThreeServersContract.joinedMembers;
import static org.hearth.itest.federation.ThreeServersContract.stateIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * first one is frozen (so the fetch cannot have finished) resumes the fetch.
 */
abstract class PartialStateJoinsContract {
    static final String ONE = "hs1.test";
    static final String TWO = "hs2.test";
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
            partial = joinedMembers(carol, room.id()).size() < room.userIds().size() + 1;
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
