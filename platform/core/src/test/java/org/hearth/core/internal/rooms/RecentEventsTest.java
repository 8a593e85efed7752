package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hearth.api.spi.storage.StoredEvent;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private static final String ROOM = "!a:x";
    private final RecentEvents recent = new RecentEvents();

    @Test
    void answersARangeFromTheFirstEventItSaw() {
        recent.stored(event(10));
        recent.stored(event(12));
        assertEquals(List.of(10L, 12L), positions(recent.between(ROOM, 9, 12)));
        assertEquals(List.of(12L), positions(recent.between(ROOM, 10, 20)));
        assertEquals(List.of(10L), positions(recent.between(ROOM, 9, 11)));
        assertTrue(recent.between(ROOM, 8, 12).isEmpty(), "position 9 may hold an event it never saw");
        assertTrue(recent.between("!other:x", 0, 12).isEmpty());
    }

    @Test
    void answersNothingWhileAWriteToTheRoomIsUnderWay() {
        recent.stored(event(10));
        recent.writing(List.of(ROOM));
        assertTrue(recent.between(ROOM, 9, 20).isEmpty(), "an event may be committed and not added yet");
        recent.stored(event(11));
        recent.written(List.of(ROOM));
        assertEquals(List.of(10L, 11L), positions(recent.between(ROOM, 9, 20)));
    }

    @Test
    void droppingTheOldestMovesWhereItAnswersFrom() {
        for (int i = 1; i <= RecentEvents.PER_ROOM + 2; i++) {
            recent.stored(event(i));
        }
        assertTrue(recent.between(ROOM, 1, 100).isEmpty());
        assertEquals(RecentEvents.PER_ROOM, positions(recent.between(ROOM, 2, 100)).size());
    }

    @Test
    void aForgottenOrTooLargeEventRestartsTheRoom() {
        recent.stored(event(10));
        recent.forget(ROOM);
        assertTrue(recent.between(ROOM, 9, 20).isEmpty());
        recent.stored(event(11));
        assertEquals(List.of(11L), positions(recent.between(ROOM, 10, 20)));
        recent.stored(new StoredEvent(12, "$big", ROOM, 1, "m.room.message", null, "@a:x", 0,
                "x".repeat(RecentEvents.MAX_EVENT_CHARS + 1), null));
        assertTrue(recent.between(ROOM, 10, 20).isEmpty());
        assertEquals(List.of(), positions(recent.between(ROOM, 12, 20)));
    }

    @Test
    void aRoomFollowedFromItsCreateEventIsKnownWhole() {
        recent.stored(new StoredEvent(10, "$create", ROOM, 1, "m.room.create", "", "@a:x", 0, "{}", null));
        recent.stored(event(12));
        assertEquals(List.of(10L, 12L), positions(recent.between(ROOM, 0, 12)), "nothing of the room is older");
    }

    @Test
    void theNewestKnownEventsSayFromWhereTheyAreAll() {
        for (int i = 1; i <= RecentEvents.PER_ROOM + 2; i++) {
            recent.stored(event(i));
        }
        RecentEvents.Known known = recent.newest(ROOM, 0, 20).orElseThrow();
        assertEquals(2, known.after(), "the two oldest were dropped");
        assertEquals(18, known.events().size(), "positions 3 to 20");
        assertEquals(5, recent.newest(ROOM, 5, 20).orElseThrow().after(), "all of (5, 20] is known");
        assertTrue(recent.newest(ROOM, 0, 2).isEmpty(), "nothing of (0, 2] is known");
        assertTrue(recent.newest("!other:x", 0, 20).isEmpty());
    }

    @Test
    void tellsTheRoomsWithEventsInARangeWithoutAskingTheStoreWhenItKnowsThem() {
        recent.stored(event(10));
        recent.stored(event(12));
        recent.stored(new StoredEvent(5, "$b", "!b:x", 5, "m.room.create", "", "@a:x", 0, "{}", null));
        List<String> rooms = List.of("!b:x", ROOM);
        // no store: asking it would fail
        assertEquals(List.of(ROOM), recent.roomsChanged(null, rooms, 11, 12));
        assertEquals(List.of(ROOM), recent.roomsChanged(null, rooms, 9, 10));
        assertEquals(List.of(), recent.roomsChanged(null, rooms, 10, 11), "12 is beyond the range");
        assertEquals(List.of(), recent.roomsChanged(null, rooms, 12, 20));
        assertEquals(List.of("!b:x"), recent.roomsChanged(null, List.of("!b:x"), 0, 5), "known from its create event");
    }

    @Test
    void theLogTellsTheChangedRoomsOfARangeWithoutLookingAtEachRoom() {
        recent.logged("!b:x", 10); // a received event: no entry of its room, but logged
        recent.logged(ROOM, 11);
        recent.logged("!c:x", 12);
        List<String> rooms = List.of("!b:x", ROOM, "!d:x");
        // no store: asking it would fail
        assertEquals(List.of("!b:x", ROOM), recent.roomsChanged(null, rooms, 9, 11), "in the order asked");
        assertEquals(List.of(ROOM), recent.roomsChanged(null, rooms, 10, 12));
        assertEquals(List.of(), recent.roomsChanged(null, rooms, 11, 20));
        assertThrows(NullPointerException.class, () -> recent.roomsChanged(null, rooms, 8, 12),
                "before the first event logged, the log knows nothing: the store (none here) is asked");
    }

    @Test
    void aRoomBeingWrittenIsAskedOfTheStoreEvenWhereTheLogHoldsTheRange() {
        recent.logged(ROOM, 10);
        recent.writing(List.of("!b:x"));
        assertEquals(List.of(ROOM), recent.roomsChanged(null, List.of(ROOM, "!c:x"), 9, 12));
        assertThrows(NullPointerException.class, () -> recent.roomsChanged(null, List.of(ROOM, "!b:x"), 9, 12),
                "its events may be committed and not logged yet");
        recent.written(List.of("!b:x"));
        assertEquals(List.of(ROOM), recent.roomsChanged(null, List.of(ROOM, "!b:x"), 9, 12));
    }

    @Test
    void theLogKeepsTheLatestEventsAndNothingAfterAFailedWrite() {
        for (int i = 1; i <= RecentEvents.MAX_LOGGED + 1; i++) {
            recent.logged(i == 1 ? "!old:x" : ROOM, i);
        }
        assertEquals(List.of(ROOM), recent.roomsChanged(null, List.of(ROOM, "!old:x"), 1, 5));
        assertThrows(NullPointerException.class, () -> recent.roomsChanged(null, List.of(ROOM, "!old:x"), 0, 5),
                "the oldest was dropped");
        recent.failed(List.of("!b:x"));
        recent.logged(ROOM, RecentEvents.MAX_LOGGED + 2);
        assertThrows(NullPointerException.class, () -> recent.roomsChanged(null, List.of(ROOM), 10, 20),
                "a failed write may have committed events nobody logged");
    }

    @Test
    void aRangeIsOnlyEventsWhenTheLogHoldsEveryPositionOfIt() {
        recent.logged(ROOM, 10);
        recent.logged("!b:x", 11);
        recent.logged(ROOM, 13); // 12: a receipt, account data, or a position a failed write used up
        assertTrue(recent.onlyEventsIn(9, 11));
        assertTrue(recent.onlyEventsIn(12, 13));
        assertTrue(recent.onlyEventsIn(13, 13), "an empty range");
        assertFalse(recent.onlyEventsIn(11, 13), "12 is not an event");
        assertFalse(recent.onlyEventsIn(13, 14), "14 is not logged (yet)");
        assertFalse(recent.onlyEventsIn(8, 10), "before the first event logged, the log knows nothing");
        recent.failed(List.of(ROOM));
        assertFalse(recent.onlyEventsIn(9, 11), "a failed write may have committed events nobody logged");
    }

    private static StoredEvent event(long position) {
        return new StoredEvent(position, "$" + position, ROOM, position, "m.room.message", null, "@a:x", 0, "{}", null);
    }

    private static List<Long> positions(Optional<List<StoredEvent>> events) {
        return events.orElseThrow().stream().map(StoredEvent::streamPosition).toList();
    }
}
