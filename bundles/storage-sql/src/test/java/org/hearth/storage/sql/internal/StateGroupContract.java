package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.storage.sql.internal.RoomWriter.Sent;
import org.junit.jupiter.api.Test;

/** The state groups of {@link EventStore}: deltas, chains and snapshots; run by {@link StoreSuite} on each database. */
abstract class StateGroupContract {
    final StoreSuite suite;
    final EventStore events;
    final RoomWriter room;
    /** What the room's state should be, kept beside the writer. */
    final Map<StateKey, String> expected = new HashMap<>();

    StateGroupContract(StoreSuite suite) {
        this.suite = suite;
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
        room = new RoomWriter(events, "!hall:example.org");
    }

    @Test
    void eachStateEventStoresOnlyItsDelta() throws SQLException {
        Sent create = track(room.create(ALICE), "m.room.create", "");
        Sent join = track(room.member(ALICE, "join"), "m.room.member", "@alice:example.org");
        Sent topic = topic("first");

        assertEquals(1, entries(create.stateGroup()));
        assertEquals(1, entries(join.stateGroup()));
        assertEquals(1, entries(topic.stateGroup()));
        assertNull(prevGroup(create.stateGroup()));
        assertEquals(create.stateGroup(), prevGroup(join.stateGroup()));
        assertEquals(join.stateGroup(), prevGroup(topic.stateGroup()));
        assertEquals(expected, events.state(topic.stateGroup()));
    }

    @Test
    void newerEntriesWinAndOlderGroupsKeepTheirState() {
        track(room.create(ALICE), "m.room.create", "");
        track(room.member(ALICE, "join"), "m.room.member", "@alice:example.org");
        Sent first = topic("first");
        Map<StateKey, String> before = Map.copyOf(expected);

        Sent second = topic("second");
        track(room.member(ALICE, "leave"), "m.room.member", "@alice:example.org");
        room.message(ALICE, "after");
        for (int i = 0; i < StateGroups.MAX_CHAIN; i++) {
            topic("t" + i); // past a snapshot too
        }

        assertEquals(before, events.state(first.stateGroup()));
        assertEquals(second.eventId(), events.state(second.stateGroup()).get(new StateKey("m.room.topic", "")));
        assertEquals(expected, events.state(room.group()));
        assertEquals(expected, events.currentState(room.roomId));
        assertEquals(Map.of("@alice:example.org", "leave"), events.memberships(room.roomId));
    }

    @Test
    void aChainLongerThanTheLimitStartsWithASnapshot() throws SQLException {
        Sent last = track(room.create(ALICE), "m.room.create", "");
        for (int i = 1; i < StateGroups.MAX_CHAIN; i++) {
            UserId user = Fixtures.user("u" + i);
            last = track(room.member(user, "join"), "m.room.member", user.toString());
        }
        assertEquals(StateGroups.MAX_CHAIN, chainLength(last.stateGroup()), "the longest chain");

        Sent snapshot = topic("snapshot");
        Sent after = topic("after");

        assertNull(prevGroup(snapshot.stateGroup()));
        assertEquals(StateGroups.MAX_CHAIN + 1, entries(snapshot.stateGroup()), "the whole state");
        assertEquals(snapshot.stateGroup(), prevGroup(after.stateGroup()));
        assertEquals(1, entries(after.stateGroup()));
        assertEquals(expected, events.state(after.stateGroup()));
        assertEquals(StateGroups.MAX_CHAIN + 1, events.state(snapshot.stateGroup()).size());
    }

    /**
     * {@link EventStore#stateEvent} reads one entry through the chain, newer groups winning, past
     * a snapshot too; {@link EventStore#memberships(long, ServerName)} the members of one server
     * only, as {@link EventStore#memberships(String, ServerName)} does of the current state: not those of a server whose name merely ends the same, differs in case, or holds
     * that name followed by more.
     */
    @Test
    void oneEntryAndOneServersMembersAreReadThroughTheChain() {
        track(room.create(ALICE), "m.room.create", "");
        track(room.member(ALICE, "join"), "m.room.member", ALICE.toString());
        UserId bob = remote("@bob:remote.test");
        UserId carol = remote("@carol:remote.test");
        for (UserId other : List.of(remote("@dave:notremote.test"), remote("@erin:remote.test.evil"),
                remote("@frank:REMOTE.test"), remote("@gina:[::1]:8448"))) {
            track(room.member(other, "join"), "m.room.member", other.toString());
        }
        Sent bobJoined = track(room.member(bob, "join"), "m.room.member", bob.toString());
        Sent carolInvited = track(room.member(ALICE, carol, "invite"), "m.room.member", carol.toString());
        Sent hidden = track(room.state("m.room.history_visibility", "", ALICE, Map.of("history_visibility", "joined")),
                "m.room.history_visibility", "");
        for (int i = 0; i < StateGroups.MAX_CHAIN; i++) {
            topic("t" + i); // past a snapshot
        }
        Sent carolJoined = track(room.member(carol, "join"), "m.room.member", carol.toString());
        Sent bobLeft = track(room.member(bob, "leave"), "m.room.member", bob.toString());
        ServerName server = new ServerName("remote.test");

        assertEquals(Map.of(bob.toString(), "join"), events.memberships(bobJoined.stateGroup(), server));
        assertEquals(Map.of(bob.toString(), "join", carol.toString(), "invite"),
                events.memberships(hidden.stateGroup(), server));
        assertEquals(Map.of(bob.toString(), "join", carol.toString(), "join"),
                events.memberships(carolJoined.stateGroup(), server));
        assertEquals(Map.of(bob.toString(), "leave", carol.toString(), "join"),
                events.memberships(bobLeft.stateGroup(), server));
        assertEquals(Map.of("@gina:[::1]:8448", "join"), events.memberships(bobLeft.stateGroup(), new ServerName("[::1]:8448")));
        assertEquals(Map.of(), events.memberships(bobLeft.stateGroup(), new ServerName("test")));
        assertEquals(Map.of(), events.memberships(bobLeft.stateGroup(), new ServerName("elsewhere.test")));
        assertEquals(Map.of(bob.toString(), "leave", carol.toString(), "join"), events.memberships(room.roomId, server),
                "the current memberships of the server's users");
        assertEquals(Map.of(), events.memberships(room.roomId, new ServerName("test")));

        assertEquals(Optional.empty(), events.stateEvent(carolInvited.stateGroup(), "m.room.history_visibility", ""));
        assertEquals(Optional.of(hidden.eventId()), events.stateEvent(bobLeft.stateGroup(), "m.room.history_visibility", ""));
        assertEquals(Optional.of(bobLeft.eventId()), events.stateEvent(bobLeft.stateGroup(), "m.room.member", bob.toString()));
        assertEquals(Optional.of(bobJoined.eventId()), events.stateEvent(carolJoined.stateGroup(), "m.room.member", bob.toString()));
        assertEquals(Optional.ofNullable(expected.get(new StateKey("m.room.topic", ""))),
                events.stateEvent(bobLeft.stateGroup(), "m.room.topic", ""));
        assertEquals(Optional.empty(), events.stateEvent(bobLeft.stateGroup(), "m.room.topic", "other"));
    }

    /**
     * {@link EventStore#joinedCount} counts the room's joined users; {@link EventStore#memberServers} names each server of the room's users with one of the
     * memberships asked for once, all of what follows the first ':' (a port, an IPv6 literal, a
     * case of its own), and of that room only; {@link EventStore#stateSenderServers} the servers
     * of the senders of the room's current state, a replaced event's sender no more.
     */
    @Test
    void theServersOfMembersAndOfStateSendersAreReadByMembershipAndRoom() {
        track(room.create(ALICE), "m.room.create", "");
        track(room.member(ALICE, "join"), "m.room.member", ALICE.toString());
        for (UserId joined : List.of(remote("@bob:remote.test"), remote("@carol:remote.test"),
                remote("@gina:[::1]:8448"), remote("@frank:REMOTE.test"))) {
            track(room.member(joined, "join"), "m.room.member", joined.toString());
        }
        track(room.member(ALICE, remote("@dave:invited.test"), "invite"), "m.room.member", "@dave:invited.test");
        track(room.member(ALICE, remote("@erin:banned.test"), "ban"), "m.room.member", "@erin:banned.test");
        UserId leaver = remote("@hal:left.test");
        track(room.member(leaver, "join"), "m.room.member", leaver.toString());
        track(room.member(leaver, "leave"), "m.room.member", leaver.toString());
        track(room.state("m.room.topic", "", remote("@ivy:replaced.test"), Map.of("topic", "first")), "m.room.topic", "");
        track(room.state("m.room.name", "", remote("@tom:named.test"), Map.of("name", "hall")), "m.room.name", "");
        topic("second");
        RoomWriter other = new RoomWriter(events, "!other:example.org");
        other.create(remote("@olga:elsewhere.test"));
        other.member(remote("@olga:elsewhere.test"), "join");

        assertEquals(Set.of("example.org", "remote.test", "[::1]:8448", "REMOTE.test"),
                events.memberServers(room.roomId, List.of("join")));
        assertEquals(Set.of("invited.test", "banned.test", "left.test"),
                events.memberServers(room.roomId, List.of("invite", "leave", "ban", "knock")));
        assertEquals(Set.of("invited.test", "example.org", "remote.test", "[::1]:8448", "REMOTE.test"),
                events.memberServers(room.roomId, List.of("invite", "join")));
        assertEquals(Set.of(), events.memberServers(room.roomId, List.of()));
        assertEquals(Set.of("elsewhere.test"), events.memberServers(other.roomId, List.of("join")));
        assertEquals(Set.of(), events.memberServers("!unknown:example.org", List.of("join")));
        assertEquals(5, events.joinedCount(room.roomId));
        assertEquals(1, events.joinedCount(other.roomId));
        assertEquals(0, events.joinedCount("!unknown:example.org"));

        assertEquals(Set.of("example.org", "remote.test", "[::1]:8448", "REMOTE.test", "left.test", "named.test"),
                events.stateSenderServers(room.roomId), "the topic of replaced.test was replaced");
        assertEquals(Set.of("elsewhere.test"), events.stateSenderServers(other.roomId));
        assertEquals(Set.of(), events.stateSenderServers("!unknown:example.org"));
    }

    private static UserId remote(String id) {
        return UserId.parse(id).orElseThrow();
    }

    @Test
    void unknownGroupBeforeIsRefusedAndNothingIsWritten() throws SQLException {
        Sent create = room.create(ALICE);
        NewEvent event = room.event("m.room.topic", "", ALICE, Map.of("topic", "x"), null);
        long groups = suite.count("SELECT COUNT(*) FROM state_groups");

        assertThrows(IllegalArgumentException.class, () -> events.append(room.roomId, event, create.stateGroup() + 1000,
                Map.of(new StateKey("m.room.topic", ""), event.eventId()), List.of(event.eventId())));

        assertEquals(groups, suite.count("SELECT COUNT(*) FROM state_groups"));
        assertTrue(events.event(event.eventId()).isEmpty());
    }

    private Sent topic(String topic) {
        return track(room.state("m.room.topic", "", ALICE, Map.of("topic", topic)), "m.room.topic", "");
    }

    private Sent track(Sent sent, String type, String stateKey) {
        expected.put(new StateKey(type, stateKey), sent.eventId());
        return sent;
    }

    private long entries(long group) throws SQLException {
        return suite.count("SELECT COUNT(*) FROM state_group_entries WHERE state_group = " + group);
    }

    private long chainLength(long group) throws SQLException {
        return suite.count("SELECT chain_length FROM state_groups WHERE id = " + group);
    }

    /** The group's prev_group, or null for a snapshot. */
    private Long prevGroup(long group) throws SQLException {
        long prev = suite.count("SELECT COALESCE(prev_group, 0) FROM state_groups WHERE id = " + group);
        return prev == 0 ? null : prev;
    }
}
