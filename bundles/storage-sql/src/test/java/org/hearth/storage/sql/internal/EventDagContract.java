package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.storage.sql.internal.RoomWriter.Sent;
import org.junit.jupiter.api.Test;

/** The room DAG in the {@link EventStore}: edges, statuses, the state before an event; run by {@link StoreSuite}. */
abstract class EventDagContract {
    final EventStore events;

    EventDagContract(StoreSuite suite) {
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    private static StateKey member(Object user) {
        return new StateKey("m.room.member", user.toString());
    }

    private EventStore.Appended write(String roomId, NewEvent event, long before, Map<StateKey, String> delta,
                                      List<String> extremities, EventPlacement placement) {
        return events.write(WriteBatch.of(List.of(new WriteBatch.Append(roomId, event, before, delta, extremities,
                placement)))).get(0);
    }

    /** The event under its own ID: the writer's helper only counts the events it appends itself. */
    private static NewEvent apart(String eventId, NewEvent e) {
        return new NewEvent(eventId, e.type(), e.stateKey(), e.sender(), e.depth(), e.originServerTs(), e.json(), e.txn());
    }

    @Test
    void outliersAndRejectedEventsStayOutOfTheRoom() {
        RoomWriter room = new RoomWriter(events, "!dag:example.org");
        Sent create = room.create(ALICE);
        Sent join = room.member(ALICE, "join");
        NewEvent outlier = apart("$outlier", room.event("m.room.member", BOB.toString(), BOB, Map.of("membership", "join"), null));
        write(room.roomId, outlier, WriteBatch.Append.NO_STATE, Map.of(), List.of(),
                new EventPlacement(List.of(), List.of(create.eventId()), EventPlacement.Status.OUTLIER, null,
                        Map.of(), null));
        NewEvent rejected = apart("$rejected", room.event("m.room.message", null, BOB, Map.of("body", "spam"), null));
        write(room.roomId, rejected, join.stateGroup(), Map.of(), List.of(join.eventId()),
                new EventPlacement(List.of(join.eventId()), List.of(create.eventId()), EventPlacement.Status.REJECTED,
                        "not joined", Map.of(), Map.of()));

        assertTrue(events.stateGroupOf(outlier.eventId()).isEmpty(), "an outlier has no state");
        assertEquals(join.stateGroup(), events.stateGroupOf(rejected.eventId()).orElseThrow());
        assertEquals(Set.of(new EventFlags(outlier.eventId(), EventPlacement.Status.OUTLIER, null),
                        new EventFlags(rejected.eventId(), EventPlacement.Status.REJECTED, "not joined"),
                        new EventFlags(join.eventId(), EventPlacement.Status.ACCEPTED, null)),
                Set.copyOf(events.flags(List.of(outlier.eventId(), rejected.eventId(), join.eventId(), "$none"))));
        assertEquals(List.of(join.eventId()), events.forwardExtremities(room.roomId));
        assertEquals(join.eventId(), events.currentStateEvent(room.roomId, "m.room.member", ALICE.toString())
                .orElseThrow());
        assertTrue(events.currentStateEvent(room.roomId, "m.room.member", BOB.toString()).isEmpty());
        assertEquals(List.of(create.eventId(), join.eventId()),
                events.roomEvents(room.roomId, 0, Long.MAX_VALUE, 10, false).stream().map(StoredEvent::eventId).toList());
        assertEquals(2, events.streamEvents(0, Long.MAX_VALUE, 10).stream()
                .filter(e -> e.roomId().equals(room.roomId)).count());
        assertTrue(events.event(outlier.eventId()).isPresent(), "an outlier is still read by its ID");
    }

    /**
     * A rejected event after a gap (its prev_event known only by the state fetched at it) keeps
     * that state, so that an event naming it as a prev_event finds the state there.
     */
    @Test
    void aRejectedEventAfterAGapKeepsTheStateFetchedBeforeIt() {
        RoomWriter room = new RoomWriter(events, "!gap:example.org");
        Sent create = room.create(ALICE);
        Sent join = room.member(ALICE, "join");
        NewEvent rejected = apart("$rejected-after-gap", room.event("m.room.message", null, BOB, Map.of("body", "x"), null));
        Map<StateKey, String> fetched = Map.of(new StateKey("m.room.create", ""), create.eventId(), member(ALICE),
                join.eventId());
        write(room.roomId, rejected, WriteBatch.Append.NO_STATE, Map.of(), List.of(join.eventId()),
                new EventPlacement(List.of("$unknown"), List.of(create.eventId()), EventPlacement.Status.REJECTED,
                        "not joined", fetched, Map.of()));

        assertEquals(fetched, events.state(events.stateGroupOf(rejected.eventId()).orElseThrow()));
        assertEquals(List.of(join.eventId()), events.forwardExtremities(room.roomId), "no extremity");
    }

    @Test
    void anEventOnTwoBranchesGetsTheResolvedStateBeforeItAndItsEdges() {
        RoomWriter room = new RoomWriter(events, "!fork:example.org");
        Sent create = room.create(ALICE);
        Sent join = room.member(ALICE, "join");
        // a second branch from the join: bob's join, stored apart as another extremity
        NewEvent bob = apart("$bob", room.event("m.room.member", BOB.toString(), BOB, Map.of("membership", "join"), null));
        EventStore.Appended bobs = write(room.roomId, bob, join.stateGroup(), Map.of(member(BOB), bob.eventId()),
                List.of(join.eventId(), bob.eventId()),
                new EventPlacement(List.of(join.eventId()), List.of(create.eventId(), join.eventId()),
                        EventPlacement.Status.ACCEPTED, null, Map.of(), Map.of(member(BOB), bob.eventId())));
        Sent topic = room.state("m.room.topic", "", ALICE, Map.of("topic", "t"));

        NewEvent merge = apart("$merge", room.event("m.room.message", null, ALICE, Map.of("body", "merged"), null));
        write(room.roomId, merge, topic.stateGroup(), Map.of(), List.of(merge.eventId()),
                new EventPlacement(List.of(topic.eventId(), bob.eventId()), List.of(create.eventId(), join.eventId()),
                        EventPlacement.Status.ACCEPTED, null, Map.of(member(BOB), bob.eventId()), Map.of()));

        Map<StateKey, String> resolved = events.state(events.stateGroupBefore(merge.eventId()).orElseThrow());
        assertEquals(bob.eventId(), resolved.get(member(BOB)));
        assertEquals(topic.eventId(), resolved.get(new StateKey("m.room.topic", "")));
        assertEquals(resolved, events.state(events.stateGroupOf(merge.eventId()).orElseThrow()));
        assertEquals(List.of(merge.eventId()), events.forwardExtremities(room.roomId));
        assertEquals(bobs.stateGroup(), events.stateGroupOf(bob.eventId()).orElseThrow());
        assertEquals(Map.of(merge.eventId(), events.stateGroupBefore(merge.eventId()).orElseThrow(),
                        topic.eventId(), events.stateGroupBefore(topic.eventId()).orElseThrow()),
                events.stateGroupsBefore(List.of(merge.eventId(), topic.eventId(), create.eventId(), "$unknown")),
                "in one read; none for the create event, nor for an unknown one");
        assertEquals(Set.of(create.eventId(), join.eventId()), Set.copyOf(events.authChain(List.of(merge.eventId()), 10)));
        assertEquals(List.of(), events.authChain(List.of(create.eventId()), 10));
        assertEquals(Set.of(create.eventId(), join.eventId()),
                Set.copyOf(events.authChain(List.of(merge.eventId(), join.eventId()), 10)), "the join is in the merge's chain");
        assertEquals(1, events.authChain(List.of(merge.eventId()), 1).size(), "bounded");
    }
}
