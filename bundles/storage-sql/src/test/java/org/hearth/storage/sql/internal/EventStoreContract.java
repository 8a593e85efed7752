package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.Fixtures.NOW;
import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NameTakenException;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoreException;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.storage.sql.internal.RoomWriter.Sent;
import org.junit.jupiter.api.Test;

/** The {@link EventStore} contract but for state groups; run by {@link StoreSuite} on each database. */
abstract class EventStoreContract {
    static final List<String> JOINED = List.of("join");
    static final String SEND = "send !hall:example.org m.room.message";

    final StoreSuite suite;
    final EventStore events;

    EventStoreContract(StoreSuite suite) {
        this.suite = suite;
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    RoomWriter room(String roomId) {
        return new RoomWriter(events, roomId);
    }

    @Test
    void threeEventRoomReadsBack() {
        RoomWriter room = room("!hall:example.org");
        Sent create = room.create(ALICE);
        Sent join = room.member(ALICE, "join");
        NewEvent message = room.event("m.room.message", null, ALICE, Map.of("body", "hello"), null);
        Sent sent = room.append(message, Map.of());

        StoredEvent stored = events.event(message.eventId()).orElseThrow();
        assertEquals(new StoredEvent(sent.streamPosition(), message.eventId(), room.roomId, 3, "m.room.message", null,
                "@alice:example.org", NOW + 3000, message.json(), null), stored);
        assertEquals("", events.event(create.eventId()).orElseThrow().stateKey());
        assertEquals("@alice:example.org", events.event(join.eventId()).orElseThrow().stateKey());
        assertTrue(events.event("$nothing").isEmpty());
        assertEquals(Set.of(create.eventId(), join.eventId(), message.eventId()),
                ids(events.events(List.of(message.eventId(), "$nothing", create.eventId(), join.eventId()))));
        assertEquals(List.of(), events.events(List.of()));

        assertEquals(join.stateGroup(), sent.stateGroup(), "a message keeps the state group");
        assertEquals(create.stateGroup(), events.stateGroupOf(create.eventId()).orElseThrow());
        assertEquals(join.stateGroup(), events.stateGroupOf(message.eventId()).orElseThrow());
        assertTrue(events.stateGroupOf("$nothing").isEmpty());
        Map<StateKey, String> state = Map.of(new StateKey("m.room.create", ""), create.eventId(),
                new StateKey("m.room.member", "@alice:example.org"), join.eventId());
        assertEquals(Map.of(new StateKey("m.room.create", ""), create.eventId()), events.state(create.stateGroup()));
        assertEquals(state, events.state(join.stateGroup()));
        assertEquals(state, events.currentState(room.roomId));
        assertEquals(join.eventId(), events.currentStateEvent(room.roomId, "m.room.member", "@alice:example.org").orElseThrow());
        assertTrue(events.currentStateEvent(room.roomId, "m.room.member", "@bob:example.org").isEmpty());

        assertEquals(List.of(message.eventId()), events.forwardExtremities(room.roomId));
        assertEquals(Map.of("@alice:example.org", "join"), events.memberships(room.roomId));
        assertEquals(List.of(room.roomId), events.roomsOf(ALICE, JOINED));
        assertEquals(sent.streamPosition(), events.currentStreamPosition());
        long upTo = events.currentStreamPosition();
        assertEquals(List.of(create.eventId(), join.eventId(), message.eventId()),
                eventIds(events.roomEvents(room.roomId, 0, upTo, 10, false)));
        assertEquals(List.of(message.eventId(), join.eventId(), create.eventId()),
                eventIds(events.roomEvents(room.roomId, 0, upTo, 10, true)));
        assertEquals(List.of(room.roomId), events.roomsChanged(List.of(room.roomId), 0, upTo));
        assertEquals(join.eventId(), events.eventAt(room.roomId, NOW + 2000, true).orElseThrow().eventId());
    }

    @Test
    void membershipFollowsJoinLeaveInviteJoin() {
        RoomWriter room = room("!hall:example.org");
        room.create(ALICE);
        room.member(ALICE, "join");

        assertMembership(room, room.member(BOB, "join"), "join");
        assertMembership(room, room.member(BOB, "leave"), "leave");
        assertMembership(room, room.member(ALICE, BOB, "invite"), "invite");
        assertMembership(room, room.member(BOB, "join"), "join");
        assertEquals(Map.of("@alice:example.org", "join", "@bob:example.org", "join"), events.memberships(room.roomId));
    }

    @Test
    void membershipsAndStateEventsOfManyRoomsAreReadAtOnce() {
        RoomWriter hall = room("!hall:example.org");
        hall.create(ALICE);
        Sent aliceJoin = hall.member(ALICE, "join");
        Sent bobInvite = hall.member(ALICE, BOB, "invite");
        RoomWriter attic = room("!attic:example.org");
        attic.create(BOB);
        Sent bobJoin = attic.member(BOB, "join");

        assertEquals(Map.of("!hall:example.org", Map.of("@alice:example.org", "join", "@bob:example.org", "invite"),
                        "!attic:example.org", Map.of("@bob:example.org", "join"), "!none:example.org", Map.of()),
                events.memberships(List.of("!hall:example.org", "!attic:example.org", "!none:example.org")));
        assertEquals(Map.of(), events.memberships(List.of()));
        assertEquals(Map.of("!hall:example.org", aliceJoin.eventId()),
                events.currentStateEvents(List.of("!hall:example.org", "!attic:example.org"), "m.room.member",
                        "@alice:example.org"));
        assertEquals(Map.of("!hall:example.org", bobInvite.eventId(), "!attic:example.org", bobJoin.eventId()),
                events.currentStateEvents(List.of("!hall:example.org", "!attic:example.org", "!none:example.org"),
                        "m.room.member", "@bob:example.org"));
        assertEquals(Map.of(), events.currentStateEvents(List.of(), "m.room.name", ""));
    }

    @Test
    void deactivatedAccountsStillInRoomsAreFound() {
        RoomWriter hall = room("!hall:example.org");
        hall.create(ALICE);
        hall.member(ALICE, "join");
        hall.member(ALICE, BOB, "invite");
        hall.member(UserId.parse("@remote:elsewhere.org").orElseThrow(), "join");
        assertEquals(List.of(), suite.accounts.deactivatedInRooms(null, 10));

        suite.accounts.deactivate(BOB);
        assertEquals(List.of(BOB), suite.accounts.deactivatedInRooms(null, 10), "invited");
        suite.accounts.deactivate(ALICE);
        assertEquals(List.of(ALICE, BOB), suite.accounts.deactivatedInRooms(null, 10));
        assertEquals(List.of(ALICE), suite.accounts.deactivatedInRooms(null, 1));
        assertEquals(List.of(BOB), suite.accounts.deactivatedInRooms(ALICE, 10), "after alice");

        hall.member(BOB, "leave");
        hall.member(ALICE, "leave");
        assertEquals(List.of(), suite.accounts.deactivatedInRooms(null, 10), "gone");
    }

    private void assertMembership(RoomWriter room, Sent member, String membership) {
        assertEquals(membership, events.memberships(room.roomId).get("@bob:example.org"));
        assertEquals(member.eventId(), events.currentStateEvent(room.roomId, "m.room.member", "@bob:example.org").orElseThrow());
        assertEquals(member.eventId(), events.state(member.stateGroup()).get(new StateKey("m.room.member", "@bob:example.org")));
        assertEquals(List.of(room.roomId), events.roomsOf(BOB, List.of(membership)));
        assertEquals(List.of(), events.roomsOf(BOB, List.of("ban", "knock")));
    }

    @Test
    void roomsOfSelectsByCurrentMembership() {
        RoomWriter a = room("!a:example.org");
        RoomWriter b = room("!b:example.org");
        RoomWriter c = room("!c:example.org");
        for (RoomWriter room : List.of(c, b, a)) {
            room.create(ALICE);
            room.member(ALICE, "join");
        }
        a.member(BOB, "join");
        b.member(ALICE, BOB, "invite");
        c.member(BOB, "join");
        c.member(BOB, "leave");

        assertEquals(List.of("!a:example.org", "!b:example.org", "!c:example.org"), events.roomsOf(ALICE, JOINED));
        assertEquals(List.of("!a:example.org", "!b:example.org"), events.roomsOf(BOB, List.of("join", "invite")));
        assertEquals(List.of("!c:example.org"), events.roomsOf(BOB, List.of("leave")));
        assertEquals(List.of(), events.roomsOf(BOB, List.of()));
        assertEquals(List.of(), events.roomsOf(Fixtures.user("carol"), JOINED));
        // the same memberships in one read, by room ID
        assertEquals(List.of(Map.entry("!a:example.org", "join"), Map.entry("!b:example.org", "invite"),
                Map.entry("!c:example.org", "leave")), List.copyOf(events.membershipsOf(BOB).entrySet()));
        assertEquals(Map.of(), events.membershipsOf(Fixtures.user("carol")));
    }

    @Test
    void roomsChangedReadsANarrowRangeAsRoomByRoom() {
        RoomWriter a = room("!a:example.org");
        RoomWriter b = room("!b:example.org");
        long first = a.create(ALICE).streamPosition();
        long second = b.create(ALICE).streamPosition();
        long third = a.message(ALICE, "hi").streamPosition();
        List<String> few = List.of("!b:example.org", "!a:example.org");
        // more rooms than positions: read by the range, filtered by the rooms
        List<String> many = new java.util.ArrayList<>(few);
        for (int i = 0; i < third + 10; i++) {
            many.add("!other" + i + ":example.org");
        }
        for (long[] range : new long[][] {{0, third}, {first, second}, {second, third}, {third - 1, third}, {third, third}}) {
            assertEquals(events.roomsChanged(few, range[0], range[1]), events.roomsChanged(many, range[0], range[1]),
                    "(" + range[0] + ", " + range[1] + "]");
        }
        assertEquals(List.of("!a:example.org"), events.roomsChanged(few, third - 1, third));
    }

    @Test
    void roomsChangedInARange() {
        RoomWriter a = room("!a:example.org");
        RoomWriter b = room("!b:example.org");
        long first = a.create(ALICE).streamPosition();
        long second = b.create(ALICE).streamPosition();
        long third = a.message(ALICE, "hi").streamPosition();

        List<String> all = List.of("!b:example.org", "!a:example.org", "!a:example.org", "!nothing:example.org");
        assertEquals(List.of("!a:example.org", "!b:example.org"), events.roomsChanged(all, 0, third));
        assertEquals(List.of("!a:example.org"), events.roomsChanged(all, second, third));
        assertEquals(List.of("!b:example.org"), events.roomsChanged(all, first, second));
        assertEquals(List.of(), events.roomsChanged(all, third, third + 100));
        assertEquals(List.of("!b:example.org"), events.roomsChanged(List.of("!b:example.org"), 0, third));
        assertEquals(List.of(), events.roomsChanged(List.of(), 0, third));
    }

    @Test
    void roomEventsPageInBothDirections() {
        RoomWriter room = room("!hall:example.org");
        RoomWriter other = room("!other:example.org");
        room.create(ALICE);
        other.create(BOB);
        room.member(ALICE, "join");
        for (int i = 1; i <= 6; i++) {
            room.message(ALICE, "m" + i);
            other.message(BOB, "o" + i);
        }
        long upTo = events.currentStreamPosition();
        List<StoredEvent> all = events.roomEvents(room.roomId, 0, upTo, 100, false);
        assertEquals(8, all.size());
        assertTrue(all.stream().allMatch(e -> e.roomId().equals(room.roomId)));

        // forwards from the start, three at a time
        List<StoredEvent> page1 = events.roomEvents(room.roomId, 0, upTo, 3, false);
        List<StoredEvent> page2 = events.roomEvents(room.roomId, last(page1), upTo, 3, false);
        List<StoredEvent> page3 = events.roomEvents(room.roomId, last(page2), upTo, 3, false);
        assertEquals(all.subList(0, 3), page1);
        assertEquals(all.subList(3, 6), page2);
        assertEquals(all.subList(6, 8), page3);
        assertEquals(List.of(), events.roomEvents(room.roomId, last(page3), upTo, 3, false));

        // backwards from the end, newest first
        List<StoredEvent> back1 = events.roomEvents(room.roomId, 0, upTo, 5, true);
        List<StoredEvent> back2 = events.roomEvents(room.roomId, 0, last(back1) - 1, 5, true);
        assertEquals(List.of(all.get(7), all.get(6), all.get(5), all.get(4), all.get(3)), back1);
        assertEquals(List.of(all.get(2), all.get(1), all.get(0)), back2);

        // upTo and after bound both directions
        long cut = all.get(4).streamPosition();
        assertEquals(all.subList(2, 5), events.roomEvents(room.roomId, all.get(1).streamPosition(), cut, 10, false));
        assertEquals(List.of(all.get(4), all.get(3)), events.roomEvents(room.roomId, all.get(1).streamPosition(), cut, 2, true));
    }

    @Test
    void transactionIdsFindTheirEvent() {
        RoomWriter room = room("!hall:example.org");
        room.create(ALICE);
        Sent sent = room.message(ALICE, "once", new ClientTxn("PHONE", SEND, "txn1"));
        Sent plain = room.message(ALICE, "plain");

        assertEquals(sent.eventId(), events.eventForTransaction(ALICE, new ClientTxn("PHONE", SEND, "txn1")).orElseThrow());
        assertEquals(Map.of(sent.eventId(), "txn1"),
                events.transactionIds(ALICE, "PHONE", List.of(sent.eventId(), plain.eventId())));
        assertEquals(Map.of(), events.transactionIds(ALICE, "LAPTOP", List.of(sent.eventId())));
        assertTrue(events.eventForTransaction(ALICE, new ClientTxn("PHONE", SEND, "txn2")).isEmpty());
        assertTrue(events.eventForTransaction(ALICE, new ClientTxn("LAPTOP", SEND, "txn1")).isEmpty());
        assertTrue(events.eventForTransaction(BOB, new ClientTxn("PHONE", SEND, "txn1")).isEmpty());
    }

    @Test
    void anEventInATakenTransactionIsRefusedAndNothingOfItStored() {
        RoomWriter room = room("!hall:example.org");
        room.create(ALICE);
        Sent sent = room.message(ALICE, "once", new ClientTxn("PHONE", SEND, "txn1"));
        long head = events.currentStreamPosition();

        NameTakenException e = assertThrows(NameTakenException.class,
                () -> room.message(ALICE, "again", new ClientTxn("PHONE", SEND, "txn1")));

        assertEquals(NameTakenException.Kind.TRANSACTION, e.kind());
        assertEquals(head, events.currentStreamPosition(), "no position taken");
        assertEquals(sent.eventId(), events.eventForTransaction(ALICE, new ClientTxn("PHONE", SEND, "txn1")).orElseThrow());
        assertEquals(List.of(sent.eventId()), events.roomEvents(room.roomId, sent.streamPosition() - 1, Long.MAX_VALUE,
                10, false).stream().map(StoredEvent::eventId).toList());
    }

    @Test
    void aTransactionIdIsScopedToItsEndpoint() {
        RoomWriter room = room("!hall:example.org");
        room.create(ALICE);
        Sent sent = room.message(ALICE, "sent", new ClientTxn("PHONE", SEND, "1"));
        ClientTxn redact = new ClientTxn("PHONE", "redact !hall:example.org " + sent.eventId(), "1");
        assertTrue(events.eventForTransaction(ALICE, redact).isEmpty(), "the same ID on another endpoint is new");

        Sent redaction = room.message(ALICE, "stands in for the redaction", redact);

        assertEquals(redaction.eventId(), events.eventForTransaction(ALICE, redact).orElseThrow());
        assertEquals(sent.eventId(), events.eventForTransaction(ALICE, new ClientTxn("PHONE", SEND, "1")).orElseThrow());
    }

    @Test
    void eventAtFindsTheNearestEventInEitherDirection() {
        RoomWriter room = room("!hall:example.org");
        Sent first = room.create(ALICE);
        Sent second = room.member(ALICE, "join");
        Sent third = room.message(ALICE, "hi");
        room("!other:example.org").create(BOB); // at NOW + 1000 too, in another room

        assertEquals(second.eventId(), eventAt(room, NOW + 1500, true));
        assertEquals(first.eventId(), eventAt(room, NOW + 1500, false));
        assertEquals(second.eventId(), eventAt(room, NOW + 2000, true));
        assertEquals(second.eventId(), eventAt(room, NOW + 2000, false));
        assertEquals(first.eventId(), eventAt(room, 0, true));
        assertEquals(third.eventId(), eventAt(room, Long.MAX_VALUE, false));
        assertTrue(events.eventAt(room.roomId, NOW + 3001, true).isEmpty());
        assertTrue(events.eventAt(room.roomId, NOW + 999, false).isEmpty());
    }

    private String eventAt(RoomWriter room, long ts, boolean forward) {
        return events.eventAt(room.roomId, ts, forward).orElseThrow().eventId();
    }

    @Test
    void redactionReplacesTheJson() {
        RoomWriter room = room("!hall:example.org");
        room.create(ALICE);
        Sent message = room.message(ALICE, "oops");
        Sent redaction = room.message(ALICE, "stands in for the m.room.redaction");
        String redacted = "{\"type\":\"m.room.message\",\"content\":{}}";

        events.write(new WriteBatch(List.of(), List.of(), List.of(new WriteBatch.Redaction(message.eventId(), redacted,
                redaction.eventId())), List.of(), List.of(), Map.of()));

        StoredEvent stored = events.event(message.eventId()).orElseThrow();
        assertEquals(redacted, stored.json());
        assertEquals(redaction.eventId(), stored.redactedBy());
        assertNull(events.event(redaction.eventId()).orElseThrow().redactedBy());
    }

    @Test
    void forwardExtremitiesAreReplaced() {
        RoomWriter room = room("!hall:example.org");
        Sent create = room.create(ALICE);
        NewEvent left = new NewEvent("$left", "m.room.message", null, "@alice:example.org", 2, NOW, "{}", null);
        events.append(room.roomId, left, create.stateGroup(), Map.of(), List.of("$right", "$left", "$right"));
        assertEquals(List.of("$left", "$right"), events.forwardExtremities(room.roomId));

        room.message(ALICE, "merge");

        assertEquals(List.of("$2_hall:example.org"), events.forwardExtremities(room.roomId));
        assertEquals(List.of(), events.forwardExtremities("!other:example.org"));
    }

    /** Events backfilled from another server: history below the stream, leaving the room's head alone. */
    @Test
    void historicEventsSitBelowTheStreamAndChangeNeitherStateNorExtremities() {
        RoomWriter room = room("!hall:example.org");
        Sent create = room.create(ALICE);
        Sent message = room.message(ALICE, "now");
        long upTo = events.currentStreamPosition();
        Map<StateKey, String> current = events.currentState(room.roomId);

        long first = events.reserveHistoric(2);
        assertTrue(first <= -2, "below 0: " + first);
        assertEquals(first - 3, events.reserveHistoric(3), "the next reservation below it");
        NewEvent older = new NewEvent("$older", "m.room.message", null, "@alice:example.org", 2, NOW - 2000, "{}", null);
        NewEvent topic = new NewEvent("$topic", "m.room.topic", "", "@alice:example.org", 3, NOW - 1000, "{}", null);
        events.write(WriteBatch.of(List.of(
                historic(room.roomId, older, create.stateGroup(), Map.of(), first),
                historic(room.roomId, topic, create.stateGroup(), Map.of(new StateKey("m.room.topic", ""), "$topic"),
                        first + 1))));

        assertEquals(first, events.event("$older").orElseThrow().streamPosition());
        assertEquals(List.of(message.eventId(), create.eventId(), "$topic", "$older"),
                eventIds(events.roomEvents(room.roomId, Long.MIN_VALUE / 2, upTo, 10, true)), "history pages on below 0");
        assertEquals(List.of(create.eventId(), message.eventId()),
                eventIds(events.roomEvents(room.roomId, 0, upTo, 10, false)), "a read from 0 never meets it");
        assertEquals(upTo, events.currentStreamPosition());
        assertEquals(List.of(), events.streamEvents(0, Long.MAX_VALUE, 10).stream()
                .filter(e -> e.streamPosition() < 0).toList());
        assertEquals(current, events.currentState(room.roomId), "history does not change the current state");
        assertEquals(List.of(message.eventId()), events.forwardExtremities(room.roomId));
        assertEquals("$topic", events.state(events.stateGroupOf("$topic").orElseThrow())
                .get(new StateKey("m.room.topic", "")), "a historic state event has its own state after it");
    }

    /**
     * An event after a gap in a room's history leaves stream positions free below it, and the
     * gap's events are stored there later, in their place between the events around the gap,
     * changing neither the room's state nor its extremities.
     */
    @Test
    void anEventAfterAGapLeavesPositionsFreeForTheGapsEvents() {
        RoomWriter room = room("!gap:example.org");
        Sent create = room.create(ALICE);
        Sent before = room.message(ALICE, "before the gap");
        NewEvent after = new NewEvent("$after", "m.room.message", null, "@alice:example.org", 9, NOW, "{}", null);
        long afterPosition = events.write(WriteBatch.of(List.of(new WriteBatch.Append(room.roomId, after,
                before.stateGroup(), Map.of(), List.of("$after"), new EventPlacement(List.of("$missing"), List.of(),
                EventPlacement.Status.ACCEPTED, null, Map.of(), null, 0, 5))))).get(0).streamPosition();
        Sent next = room.message(ALICE, "after the gap");

        assertEquals(before.streamPosition() + 6, afterPosition, "five positions left free below it");
        assertEquals(afterPosition + 1, next.streamPosition());
        assertEquals(before.streamPosition(), events.highestPositionBelow(afterPosition));
        assertEquals(Long.MIN_VALUE, events.highestPositionBelow(create.streamPosition()));

        NewEvent missing = new NewEvent("$missing", "m.room.message", null, "@alice:example.org", 8, NOW - 1, "{}", null);
        events.write(WriteBatch.of(List.of(historic(room.roomId, missing, before.stateGroup(), Map.of(),
                afterPosition - 1))));
        assertEquals(List.of(next.eventId(), "$after", "$missing", before.eventId(), create.eventId()),
                eventIds(events.roomEvents(room.roomId, 0, next.streamPosition(), 10, true)), "the gap read in its place");
        assertEquals(afterPosition - 1, events.highestPositionBelow(afterPosition));
        assertEquals(List.of(next.eventId()), events.forwardExtremities(room.roomId));
        assertEquals(next.streamPosition(), events.currentStreamPosition());
    }

    private static WriteBatch.Append historic(String roomId, NewEvent event, long before, Map<StateKey, String> delta,
                                              long position) {
        return new WriteBatch.Append(roomId, event, before, delta, List.of(event.eventId()),
                new EventPlacement(List.of(), List.of(), EventPlacement.Status.ACCEPTED, null, Map.of(), Map.of(),
                        position));
    }

    @Test
    void streamPositionsIncreaseAcrossEventsAndAccountData() {
        UserDataStore userData = new SqlUserDataStore(suite.database);
        RoomWriter room = room("!hall:example.org");
        long start = events.currentStreamPosition();
        long create = room.create(ALICE).streamPosition();
        long data = userData.putAccountData(ALICE, null, "m.direct", "{}");
        long message = room.message(ALICE, "hi").streamPosition();
        long roomData = userData.putAccountData(ALICE, room.roomId, "m.tag", "{}");

        assertTrue(start < create && create < data && data < message && message < roomData,
                List.of(start, create, data, message, roomData).toString());
        assertEquals(roomData, events.currentStreamPosition());
    }

    @Test
    void concurrentAppendsToDifferentRoomsAllSucceed() throws Exception {
        int rooms = 4;
        int eventsEach = 25;
        CyclicBarrier start = new CyclicBarrier(rooms);
        List<Callable<List<Long>>> work = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            RoomWriter room = room("!r" + r + ":example.org");
            work.add(() -> {
                start.await();
                List<Long> positions = new ArrayList<>();
                positions.add(room.create(ALICE).streamPosition());
                for (int i = 1; i < eventsEach; i++) {
                    Sent sent = i % 2 == 0 ? room.message(ALICE, "m" + i) : room.member(Fixtures.user("u" + i), "join");
                    positions.add(sent.streamPosition());
                }
                return positions;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(rooms);
        Set<Long> positions = new HashSet<>();
        try {
            for (Future<List<Long>> result : pool.invokeAll(work)) {
                positions.addAll(result.get()); // rethrows a StoreException
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(rooms * eventsEach, positions.size(), "every position handed out once");
        assertEquals(Collections.max(positions), events.currentStreamPosition());
        assertEquals(rooms, events.roomsOf(Fixtures.user("u1"), JOINED).size());
    }

    /**
     * Writers at once share transactions (group commit) whose rows go together with their COMMIT:
     * a retried client transaction among them fails that write alone, and nothing of it is stored.
     */
    @Test
    void aTakenTransactionAmongConcurrentWritesFailsOnlyItsOwn() throws Exception {
        int rooms = 4;
        int eventsEach = 30;
        CyclicBarrier start = new CyclicBarrier(rooms);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            RoomWriter room = room("!t" + r + ":example.org");
            String device = "DEVICE" + r;
            work.add(() -> {
                room.create(ALICE);
                start.await();
                int refused = 0;
                for (int i = 0; i < eventsEach; i++) {
                    String txnId = "txn" + (i % 3 == 2 ? i - 1 : i); // every third retries the one before
                    try {
                        room.message(ALICE, "m" + i, new ClientTxn(device, SEND, txnId));
                    } catch (NameTakenException e) {
                        assertEquals(NameTakenException.Kind.TRANSACTION, e.kind());
                        assertEquals(txnId, e.name());
                        refused++;
                    }
                }
                return refused;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(rooms);
        try {
            for (Future<Integer> refused : pool.invokeAll(work)) {
                assertEquals(eventsEach / 3, refused.get());
            }
        } finally {
            pool.shutdownNow();
        }
        for (int r = 0; r < rooms; r++) {
            List<StoredEvent> stored = events.roomEvents("!t" + r + ":example.org", 0, Long.MAX_VALUE, 100, false);
            assertEquals(1 + eventsEach - eventsEach / 3, stored.size(), "the create and each message sent once");
        }
        assertEquals(rooms * (1 + eventsEach - eventsEach / 3), suite.count("SELECT COUNT(*) FROM events"));
    }

    @Test
    void failedAppendWritesNothing() throws SQLException {
        RoomWriter room = room("!hall:example.org");
        Sent create = room.create(ALICE);
        long groups = suite.count("SELECT COUNT(*) FROM state_groups");
        long position = events.currentStreamPosition();
        NewEvent copy = new NewEvent(create.eventId(), "m.room.member", "@bob:example.org", "@bob:example.org", 2,
                NOW, "{\"content\":{\"membership\":\"join\"}}", new ClientTxn("PHONE", SEND, "txn1"));

        StoreException e = assertThrows(StoreException.class, () -> events.append(room.roomId, copy, create.stateGroup(),
                Map.of(new StateKey("m.room.member", "@bob:example.org"), copy.eventId()), List.of(copy.eventId())));

        assertTrue(e.getMessage().startsWith("EventStore.write: "), e.getMessage());
        assertEquals(groups, suite.count("SELECT COUNT(*) FROM state_groups"));
        assertEquals(Map.of(), events.memberships(room.roomId));
        assertEquals(1, events.currentState(room.roomId).size());
        assertEquals(List.of(create.eventId()), events.forwardExtremities(room.roomId));
        assertTrue(events.eventForTransaction(BOB, new ClientTxn("PHONE", SEND, "txn1")).isEmpty());
        assertEquals(position, events.currentStreamPosition());
    }

    private static long last(List<StoredEvent> page) {
        return page.get(page.size() - 1).streamPosition();
    }

    private static List<String> eventIds(List<StoredEvent> stored) {
        return stored.stream().map(StoredEvent::eventId).toList();
    }

    private static Set<String> ids(List<StoredEvent> stored) {
        return stored.stream().map(StoredEvent::eventId).collect(Collectors.toSet());
    }
}
