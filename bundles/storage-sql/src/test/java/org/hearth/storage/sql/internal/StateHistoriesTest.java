package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.spi.storage.StoredEvent;
import org.junit.jupiter.api.Test;

/**
 * The window the store contracts cannot reach: a write committed but not yet ended. A reader there
 * may already have seen the write's stream position, so it must not be served what was kept before.
 */
class StateHistoriesTest {
    private static final String HALL = "!hall:example.org";
    private static final String MEMBER = "m.room.member";
    private static final String BOB = "@bob:example.org";
    private static final List<StoredEvent> JOINED = List.of(new StoredEvent(5, "$join", HALL, 3, MEMBER, BOB, BOB,
            0, "{\"content\":{\"membership\":\"join\"}}", null));

    private final StateHistories histories = new StateHistories();

    private void keepJoined() {
        histories.keep(histories.marks(List.of(HALL)), HALL, MEMBER, BOB, JOINED);
    }

    @Test
    void aHistoryIsServedUntilAWriteOfItsRoomBegins() {
        keepJoined();
        assertEquals(JOINED, histories.get(HALL, MEMBER, BOB));

        WritesUnderWay.Begun leave = histories.begin(List.of(HALL), false);

        assertNull(histories.get(HALL, MEMBER, BOB), "served while the write may have committed");
        leave.close();
        assertNull(histories.get(HALL, MEMBER, BOB), "served after the write");
    }

    @Test
    void aHistoryReadWhileARoomIsWrittenIsNotKept() {
        StateHistories.Marks marks = histories.marks(List.of(HALL));
        WritesUnderWay.Begun leave = histories.begin(List.of(HALL), false);
        histories.keep(marks, HALL, MEMBER, BOB, JOINED); // read before the write committed, kept after it began
        leave.close();
        assertNull(histories.get(HALL, MEMBER, BOB));

        try (WritesUnderWay.Begun again = histories.begin(List.of(HALL), false)) {
            keepJoined();
        }
        assertNull(histories.get(HALL, MEMBER, BOB), "read while a write was under way");
    }

    @Test
    void aWriteOfUnknownRoomsStopsEveryHistory() {
        keepJoined();
        histories.begin(List.of("!other:example.org"), false).close();
        assertEquals(JOINED, histories.get(HALL, MEMBER, BOB), "another room's write leaves it");

        try (WritesUnderWay.Begun redaction = histories.begin(List.of(), true)) {
            assertNull(histories.get(HALL, MEMBER, BOB));
        }
        assertNull(histories.get(HALL, MEMBER, BOB));
        keepJoined();
        assertEquals(JOINED, histories.get(HALL, MEMBER, BOB));
    }
}
