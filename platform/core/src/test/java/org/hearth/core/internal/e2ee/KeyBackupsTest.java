package org.hearth.core.internal.e2ee;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hearth.api.spi.storage.KeyBackupStore.RoomKey;
import org.junit.jupiter.api.Test;

/** The replacement rules for a session's backed-up key ("Server-side key backups"). */
class KeyBackupsTest {

    static RoomKey key(boolean verified, long firstMessageIndex, long forwardedCount) {
        return new RoomKey("!r:x", "s", firstMessageIndex, forwardedCount, verified, "{}");
    }

    @Test
    void verifiedWinsFirst() {
        assertTrue(KeyBackups.BETTER.replaces(key(false, 0, 0), key(true, 9, 9)));
        assertFalse(KeyBackups.BETTER.replaces(key(true, 9, 9), key(false, 0, 0)));
    }

    @Test
    void thenTheLowerFirstMessageIndex() {
        assertTrue(KeyBackups.BETTER.replaces(key(true, 5, 0), key(true, 4, 9)));
        assertFalse(KeyBackups.BETTER.replaces(key(true, 4, 9), key(true, 5, 0)));
    }

    @Test
    void thenTheLowerForwardedCount() {
        assertTrue(KeyBackups.BETTER.replaces(key(false, 5, 2), key(false, 5, 1)));
        assertFalse(KeyBackups.BETTER.replaces(key(false, 5, 1), key(false, 5, 2)));
        assertFalse(KeyBackups.BETTER.replaces(key(false, 5, 1), key(false, 5, 1)), "an equal key changes nothing");
    }
}
