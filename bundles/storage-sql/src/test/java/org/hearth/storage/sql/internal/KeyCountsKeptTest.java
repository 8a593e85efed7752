package org.hearth.storage.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.id.UserId;
import org.junit.jupiter.api.Test;

/**
 * The window the store contracts cannot reach: a write of a user's keys committed but not yet
 * ended. A reader there must read the database, and must not keep what it read.
 */
class KeyCountsKeptTest {
    private static final UserId ALICE = UserId.parse("@alice:example.org").orElseThrow();
    private static final UserId BOB = UserId.parse("@bob:example.org").orElseThrow();

    private final KeyCountsKept kept = new KeyCountsKept();
    private final AtomicInteger reads = new AtomicInteger();

    private int read(UserId user) {
        return kept.get(user, "PHONE", "counts", () -> reads.incrementAndGet());
    }

    @Test
    void figuresAreReadOnceWhileNothingOfTheUserIsWritten() {
        assertEquals(1, read(ALICE));
        assertEquals(1, read(ALICE), "kept");
        try (WritesUnderWay.Begun other = kept.begin(List.of(BOB))) {
            assertEquals(1, read(ALICE), "another user's write changes nothing of Alice's");
        }
        assertEquals(1, reads.get());
    }

    @Test
    void aWriteUnderWayIsReadThroughAndWhatWasReadThenIsNotKept() {
        assertEquals(1, read(ALICE));
        WritesUnderWay.Begun upload = kept.begin(List.of(ALICE));
        assertEquals(2, read(ALICE), "read while the write may have committed");
        assertEquals(3, read(ALICE), "and not kept");
        upload.close();
        assertEquals(4, read(ALICE), "what was kept before the write is not served after it");
        assertEquals(4, read(ALICE), "kept again");
    }
}
