package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.PartialStateRoom;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.junit.jupiter.api.Test;

/**
 * A room joined with part of its state ({@code send_join} with {@code omit_members}) in the
 * {@link EventStore}: its durable record, and the completion of its state once the member events
 * were fetched; run by {@link StoreSuite}.
 */
abstract class PartialStateContract {
    private static final UserId CAROL = UserId.parse("@carol:example.org").orElseThrow();
    private static final StateKey CREATE = new StateKey("m.room.create", "");
    final EventStore events;

    PartialStateContract(StoreSuite suite) {
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    private static StateKey member(UserId user) {
        return new StateKey("m.room.member", user.toString());
    }

    private EventStore.Appended write(String roomId, NewEvent event, long before, Map<StateKey, String> delta,
                                      List<String> extremities, EventPlacement placement) {
        return events.write(WriteBatch.of(List.of(new WriteBatch.Append(roomId, event, before, delta, extremities,
                placement)))).get(0);
    }

    private static NewEvent apart(String eventId, NewEvent e) {
        return new NewEvent(eventId, e.type(), e.stateKey(), e.sender(), e.depth(), e.originServerTs(), e.json(), e.txn());
    }

    private void outlier(String roomId, NewEvent event) {
        write(roomId, event, WriteBatch.Append.NO_STATE, Map.of(), List.of(),
                new EventPlacement(List.of(), List.of(), EventPlacement.Status.OUTLIER, null, Map.of(), null));
    }

    @Test
    void theRecordOfAPartialStateRoomIsKeptUntilItsStateIsCompleted() {
        RoomWriter room = new RoomWriter(events, "!partial:example.org");
        String roomId = room.roomId;
        NewEvent create = apart("$create", room.event("m.room.create", "", ALICE, Map.of("room_version", "12"), null));
        NewEvent alice = apart("$alice", room.event("m.room.member", ALICE.toString(), ALICE,
                Map.of("membership", "join"), null));
        NewEvent bob = apart("$bob", room.event("m.room.member", BOB.toString(), BOB, Map.of("membership", "join"), null));
        outlier(roomId, create);
        // the answer of send_join without members: the create event only, Carol's join on top of it
        NewEvent join = apart("$carol", room.event("m.room.member", CAROL.toString(), CAROL,
                Map.of("membership", "join"), null));
        EventStore.Appended joined = write(roomId, join, WriteBatch.Append.NO_STATE, Map.of(member(CAROL), "$carol"),
                List.of("$carol"), new EventPlacement(List.of("$before"), List.of("$create"),
                        EventPlacement.Status.ACCEPTED, null, Map.of(CREATE, "$create"),
                        Map.of(CREATE, "$create", member(CAROL), "$carol")));
        // after the join, Bob leaves: his leave is newer than the join the full state brings
        NewEvent leave = apart("$bob-leaves", room.event("m.room.member", BOB.toString(), BOB,
                Map.of("membership", "leave"), null));
        EventStore.Appended left = write(roomId, leave, joined.stateGroup(), Map.of(member(BOB), "$bob-leaves"),
                List.of("$bob-leaves"), EventPlacement.accepted(List.of("$carol"), List.of("$create")));
        PartialStateRoom record = new PartialStateRoom(roomId, "$carol", List.of("example.org", "other.example"));
        events.markPartialState(record);
        assertEquals(record, events.partialState(roomId).orElseThrow());
        assertEquals(List.of(record), events.partialStateRooms());

        // the full state before the join arrives: Alice's and Bob's joins, fetched as outliers
        outlier(roomId, alice);
        outlier(roomId, bob);
        long beforeCompletion = events.currentStreamPosition();
        events.completeState(roomId, "$carol", Map.of(CREATE, "$create", member(ALICE), "$alice", member(BOB), "$bob"));

        assertTrue(events.partialState(roomId).isEmpty(), "the record goes with the completion");
        assertTrue(events.partialStateRechecks().contains(new PartialStateRoom(roomId, "$carol", List.of())));
        events.rechecked(roomId);
        assertTrue(events.partialStateRechecks().stream().noneMatch(r -> r.roomId().equals(roomId)),
                "nothing changed on the check: the mark goes");
        long completedAt = events.partialStateCompletions().get(roomId);
        assertTrue(completedAt > beforeCompletion, "the completion takes a stream position of its own");
        assertEquals(completedAt, events.currentStreamPosition(), "a sync's upper bound reaches it");
        assertEquals(List.of(), events.partialStateRooms());
        Map<StateKey, String> current = Map.of(CREATE, "$create", member(ALICE), "$alice", member(BOB), "$bob-leaves",
                member(CAROL), "$carol");
        assertEquals(current, events.currentState(roomId));
        assertEquals(Map.of(ALICE.toString(), "join", BOB.toString(), "leave", CAROL.toString(), "join"),
                events.memberships(roomId));
        assertEquals(current, events.state(left.stateGroup()), "a later group sees the completed state");
        assertEquals(Map.of(CREATE, "$create", member(ALICE), "$alice", member(BOB), "$bob", member(CAROL), "$carol"),
                events.state(joined.stateGroup()));
        assertEquals(Map.of(CREATE, "$create", member(ALICE), "$alice", member(BOB), "$bob"),
                events.state(events.stateGroupBefore("$carol").orElseThrow()));
    }

    /**
     * An event received while the room was partial, rejected once the state is complete: it
     * leaves the timeline and the state after it; the room's current state, memberships and
     * extremities are replaced, at a new completion position.
     */
    @Test
    void anEventReceivedWhilePartialIsRestatedOnceTheStateIsComplete() {
        RoomWriter room = new RoomWriter(events, "!restated:example.org");
        String roomId = room.roomId;
        outlier(roomId, apart("$create2", room.event("m.room.create", "", ALICE, Map.of("room_version", "12"), null)));
        EventStore.Appended joined = write(roomId, apart("$carol2", room.event("m.room.member", CAROL.toString(), CAROL,
                Map.of("membership", "join"), null)), WriteBatch.Append.NO_STATE, Map.of(member(CAROL), "$carol2"),
                List.of("$carol2"), new EventPlacement(List.of("$before"), List.of("$create2"),
                        EventPlacement.Status.ACCEPTED, null, Map.of(CREATE, "$create2"),
                        Map.of(CREATE, "$create2", member(CAROL), "$carol2")));
        StateKey topic = new StateKey("m.room.topic", "");
        EventStore.Appended set = write(roomId, apart("$topic", room.event("m.room.topic", "", BOB,
                Map.of("topic", "banned already"), null)), joined.stateGroup(), Map.of(topic, "$topic"),
                List.of("$topic"), EventPlacement.accepted(List.of("$carol2"), List.of("$create2")));
        write(roomId, apart("$bob2", room.event("m.room.member", BOB.toString(), BOB,
                Map.of("membership", "join"), null)), set.stateGroup(), Map.of(member(BOB), "$bob2"),
                List.of("$bob2"), EventPlacement.accepted(List.of("$topic"), List.of("$create2")));
        events.markPartialState(new PartialStateRoom(roomId, "$carol2", List.of("example.org")));
        events.completeState(roomId, "$carol2", Map.of(CREATE, "$create2"));
        long completedAt = events.partialStateCompletions().get(roomId);
        assertTrue(events.partialStateRechecks().contains(new PartialStateRoom(roomId, "$carol2", List.of())),
                "the completion marks the events since the join to be checked again");

        assertEquals(List.of("$topic"), events.stateChanges(List.of(roomId), "m.room.topic", "").stream()
                .map(StoredEvent::eventId).toList());
        events.restate(roomId, "$topic", EventPlacement.Status.REJECTED, "Bob is banned", joined.stateGroup(),
                Map.of(), Map.of(topic, "$topic"));
        assertEquals(List.of(), events.stateChanges(List.of(roomId), "m.room.topic", ""),
                "a state event rejected on a second look leaves the history read before");
        events.restate(roomId, "$bob2", EventPlacement.Status.ACCEPTED, null, joined.stateGroup(), Map.of(),
                Map.of(member(BOB), "$bob2"));
        EventFlags flags = events.flags(List.of("$topic")).get(0);
        assertEquals(EventPlacement.Status.REJECTED, flags.status());
        assertEquals("Bob is banned", flags.rejectedReason());
        assertEquals(joined.stateGroup(), events.stateGroupOf("$topic").orElseThrow(), "no state of its own");
        assertEquals(joined.stateGroup(), events.stateGroupBefore("$bob2").orElseThrow());
        Map<StateKey, String> after = Map.of(CREATE, "$create2", member(CAROL), "$carol2", member(BOB), "$bob2");
        assertEquals(after, events.state(events.stateGroupOf("$bob2").orElseThrow()));
        assertTrue(events.roomEvents(roomId, 0, events.currentStreamPosition(), 10, false).stream()
                .noneMatch(e -> e.eventId().equals("$topic")), "a rejected event leaves the timeline");

        events.restateCurrent(roomId, Map.of(CREATE, "$create2", member(CAROL), "$carol2"), List.of("$carol2"));
        assertEquals(Map.of(CREATE, "$create2", member(CAROL), "$carol2"), events.currentState(roomId),
                "the rejected state and what followed it are gone from the current state");
        assertEquals(Map.of(CAROL.toString(), "join"), events.memberships(roomId));
        assertEquals(List.of("$carol2"), events.forwardExtremities(roomId));
        assertTrue(events.partialStateCompletions().get(roomId) > completedAt, "a new completion position");
        assertEquals(events.partialStateCompletions().get(roomId), events.currentStreamPosition());
        assertTrue(events.partialStateRechecks().stream().noneMatch(r -> r.roomId().equals(roomId)),
                "checked again: the mark goes with the new current state");
    }

    @Test
    void theRecordOfAFailedJoinIsForgotten() {
        PartialStateRoom record = new PartialStateRoom("!failed:example.org", "$join", List.of("example.org"));
        events.markPartialState(record);
        events.markPartialState(new PartialStateRoom(record.roomId(), "$again", List.of()));
        assertEquals(List.of(), events.partialState(record.roomId()).orElseThrow().servers(), "replaced");
        events.forgetPartialState(record.roomId());
        assertTrue(events.partialState(record.roomId()).isEmpty());
    }
}
