package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.junit.jupiter.api.Test;

/**
 * A sanity bound for state groups at scale, not a timing assertion: a room of 10,000 members
 * must be stored and read back whole. The times are printed for comparison between runs.
 */
abstract class LargeRoomContract {
    static final int MEMBERS = 10_000;

    final StoreSuite suite;
    final EventStore events;

    LargeRoomContract(StoreSuite suite) {
        this.suite = suite;
        events = new SqlEventStore(suite.database, suite.unreadCounts, suite.pushSlots);
    }

    @Test
    void roomOfTenThousandMembers() {
        RoomWriter room = new RoomWriter(events, "!large:example.org");
        room.create(ALICE);

        long start = System.nanoTime();
        for (int i = 0; i < MEMBERS; i++) {
            room.member(Fixtures.user("member" + i), "join");
        }
        long appended = System.nanoTime();
        Map<StateKey, String> state = events.state(room.group());
        long resolved = System.nanoTime();
        Map<String, String> memberships = events.memberships(room.roomId);
        long listed = System.nanoTime();

        assertEquals(MEMBERS + 1, state.size());
        assertEquals(MEMBERS, memberships.size());
        assertEquals("join", memberships.get("@member9999:example.org"));
        System.out.printf("%s: %,d member joins appended in %,d ms; state of the last group (%,d entries) in %,d ms;"
                        + " memberships (%,d) in %,d ms%n", suite.getClass().getSimpleName(), MEMBERS,
                millis(start, appended), state.size(), millis(appended, resolved), memberships.size(),
                millis(resolved, listed));

        // what judging history visibility for a server reads per event instead of the whole state
        UserId rita = UserId.parse("@rita:remote.test").orElseThrow();
        room.member(rita, "join");
        ServerName remote = new ServerName("remote.test");
        int reads = 100;
        long readsStart = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            assertEquals(Map.of(rita.toString(), "join"), events.memberships(room.group(), remote));
        }
        long serverRead = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            assertTrue(events.stateEvent(room.group(), "m.room.create", "").isPresent());
        }
        long entryRead = System.nanoTime();
        for (int i = 0; i < reads; i++) {
            assertEquals(Map.of(rita.toString(), "join"), events.memberships(room.roomId, remote));
        }
        long currentRead = System.nanoTime();
        System.out.printf("%s: one server's memberships of the last group in %.2f ms; one entry in %.2f ms;"
                        + " one server's current memberships in %.2f ms (mean of %d reads)%n",
                suite.getClass().getSimpleName(), (serverRead - readsStart) / 1e6 / reads,
                (entryRead - serverRead) / 1e6 / reads, (currentRead - entryRead) / 1e6 / reads, reads);
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
