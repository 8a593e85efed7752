package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.hearth.api.spi.storage.PushStore.UnreadCount;
import org.junit.jupiter.api.Test;

/**
 * The windows the store contracts cannot reach: a read while a write of the room's notifications is
 * under way, and a write that failed. "The database" here is a list of the counts it would answer.
 */
class UnreadCountsKeptTest {
    private static final String ALICE = "@alice:example.org";
    private static final String HALL = "!hall:example.org";

    private final UnreadCountsKept kept = new UnreadCountsKept();
    private final List<UnreadCount> database = new ArrayList<>();
    private int reads;

    private List<UnreadCount> counts() {
        return kept.get(ALICE, List.of(HALL), missing -> {
            reads++;
            return List.copyOf(database);
        });
    }

    private static UnreadCount unread(long notifications) {
        return new UnreadCount(HALL, "main", notifications, 0);
    }

    @Test
    void aCommittedWriteAddsItsNotificationsToWhatWasReadBeforeIt() {
        assertEquals(List.of(), counts());
        try (UnreadCountsKept.Write write = kept.begin(List.of(HALL))) {
            write.inserted(HALL, List.of(ALICE), ALICE::equals, "main", false, () -> 1);
            database.add(unread(1)); // its commit
            assertEquals(List.of(unread(1)), counts(), "read while the write is under way");
            write.committed();
        }
        assertEquals(List.of(unread(1)), counts());
        assertEquals(List.of(unread(1)), counts());
        assertEquals(2, reads, "kept after the write, not during it");
    }

    @Test
    void aReadThatAWriteOvertookIsNotKept() {
        List<UnreadCount> during = kept.get(ALICE, List.of(HALL), missing -> {
            List<UnreadCount> read = List.copyOf(database); // the database answered before the write's commit
            try (UnreadCountsKept.Write alices = kept.begin(List.of(HALL))) { // which begins and ends meanwhile
                alices.inserted(HALL, List.of(ALICE), ALICE::equals, "main", false, () -> 1);
                database.add(unread(1));
                alices.committed();
            }
            return read;
        });
        assertEquals(List.of(), during);
        assertEquals(List.of(unread(1)), counts(), "what the overtaken read found is not kept");
    }

    @Test
    void aFailedWriteChangesNothingAndARowAlreadyThereIsNotCounted() {
        assertEquals(List.of(), counts());
        try (UnreadCountsKept.Write failed = kept.begin(List.of(HALL))) {
            failed.inserted(HALL, List.of(ALICE), ALICE::equals, "main", false, () -> 1);
        }
        try (UnreadCountsKept.Write again = kept.begin(List.of(HALL))) {
            again.inserted(HALL, List.of(ALICE), ALICE::equals, "main", false, () -> 0);
            again.committed();
        }
        assertEquals(List.of(), counts());
        assertEquals(1, reads);
    }

    @Test
    void aWriteChangesTheCountsOfTheMembersItNotifiesWhoHaveThemKeptAndOfNobodyElse() {
        String bob = "@bob:example.org";
        List<String> many = new ArrayList<>(List.of(ALICE));
        for (int i = 0; i < 20; i++) {
            many.add("@m" + i + ":example.org");
        }
        assertEquals(List.of(), kept.get(bob, List.of(HALL), missing -> List.of()));
        assertEquals(List.of(), counts());
        // notified: the kept are fewer than the notified (each kept member is tested), then more
        for (List<String> notified : List.of(many, List.of(ALICE))) {
            try (UnreadCountsKept.Write write = kept.begin(List.of(HALL))) {
                write.inserted(HALL, notified, notified::contains, "main", true, () -> 1);
                write.committed();
            }
        }
        try (UnreadCountsKept.Write write = kept.begin(List.of(HALL))) { // names alice, notifies nobody (she sent it)
            write.inserted(HALL, List.of(ALICE), user -> false, "main", true, () -> 1);
            write.committed();
        }
        assertEquals(List.of(new UnreadCount(HALL, "main", 2, 2)), counts());
        assertEquals(List.of(), kept.get(bob, List.of(HALL), missing -> List.of(unread(9))), "bob's kept, unchanged");
        try (UnreadCountsKept.Write read = kept.begin(List.of(HALL))) {
            read.markedRead(ALICE, HALL);
            read.committed();
        }
        database.add(unread(0));
        assertEquals(List.of(unread(0)), counts(), "alice read the room: her counts are read again");
        assertEquals(2, reads);
    }
}
