package org.hearth.storage.sql.internal;

import static org.hearth.storage.sql.internal.StoreSuite.ALICE;
import static org.hearth.storage.sql.internal.StoreSuite.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hearth.api.spi.storage.KeyBackupStore;
import org.hearth.api.spi.storage.KeyBackupStore.KeyPreference;
import org.hearth.api.spi.storage.KeyBackupStore.RoomKey;
import org.hearth.api.spi.storage.KeyBackupStore.Version;
import org.junit.jupiter.api.Test;

/** The {@link KeyBackupStore} contract; run by {@link StoreSuite} on each database. */
abstract class KeyBackupStoreContract {
    /** Prefers a lower first message index, as a stand-in for core's rules. */
    static final KeyPreference LOWER_INDEX = (stored, uploaded) -> uploaded.firstMessageIndex() < stored.firstMessageIndex();
    static final String ALG = "m.megolm_backup.v1.curve25519-aes-sha2";

    final KeyBackupStore backups;

    KeyBackupStoreContract(StoreSuite suite) {
        backups = new SqlKeyBackupStore(suite.database);
    }

    static RoomKey key(String room, String session, long index) {
        return new RoomKey(room, session, index, 0, false, "{\"ciphertext\":\"" + session + index + "\"}");
    }

    @Test
    void theNewestVersionNotDeletedIsCurrent() {
        assertTrue(backups.currentVersion(ALICE).isEmpty());
        long first = backups.createVersion(ALICE, ALG, "{\"public_key\":\"a\"}");
        long second = backups.createVersion(ALICE, ALG, "{\"public_key\":\"b\"}");
        backups.createVersion(BOB, ALG, "{}");

        assertEquals(new Version(second, ALG, "{\"public_key\":\"b\"}", 0, 0), backups.currentVersion(ALICE).orElseThrow());
        assertTrue(backups.updateVersion(ALICE, first, "{\"public_key\":\"c\"}"));
        assertEquals("{\"public_key\":\"c\"}", backups.version(ALICE, first).orElseThrow().authDataJson());
        assertTrue(backups.version(BOB, first).isEmpty(), "another user's version");
        assertFalse(backups.updateVersion(BOB, first, "{}"));

        assertTrue(backups.deleteVersion(ALICE, second));
        assertFalse(backups.deleteVersion(ALICE, second), "deleted already");
        assertTrue(backups.existed(ALICE, second));
        assertFalse(backups.existed(ALICE, second + 1000));
        assertEquals(first, backups.currentVersion(ALICE).orElseThrow().version());
        assertTrue(backups.version(ALICE, second).isEmpty());
        assertFalse(backups.updateVersion(ALICE, second, "{}"));
    }

    @Test
    void keysGoIntoTheCurrentVersionOnlyAndBetterOnesWin() {
        long old = backups.createVersion(ALICE, ALG, "{}");
        long current = backups.createVersion(ALICE, ALG, "{}");

        assertTrue(backups.putKeys(ALICE, old, List.of(key("!r:x", "s1", 5)), LOWER_INDEX).isEmpty());
        assertTrue(backups.putKeys(BOB, current, List.of(key("!r:x", "s1", 5)), LOWER_INDEX).isEmpty());
        Version v1 = backups.putKeys(ALICE, current, List.of(key("!r:x", "s1", 5), key("!r:x", "s2", 0),
                key("!q:x", "s3", 0)), LOWER_INDEX).orElseThrow();
        assertEquals(3, v1.count());
        Version v2 = backups.putKeys(ALICE, current, List.of(key("!r:x", "s1", 7)), LOWER_INDEX).orElseThrow();
        assertEquals(v1, v2, "a worse key changes nothing, not even the etag");
        Version v3 = backups.putKeys(ALICE, current, List.of(key("!r:x", "s1", 2)), LOWER_INDEX).orElseThrow();
        assertEquals(3, v3.count());
        assertNotEquals(v1.etag(), v3.etag());

        assertEquals(List.of(key("!q:x", "s3", 0), key("!r:x", "s1", 2), key("!r:x", "s2", 0)),
                backups.keys(ALICE, current, null, null));
        assertEquals(List.of(key("!r:x", "s1", 2), key("!r:x", "s2", 0)), backups.keys(ALICE, current, "!r:x", null));
        assertEquals(List.of(key("!r:x", "s2", 0)), backups.keys(ALICE, current, "!r:x", "s2"));
        assertEquals(List.of(), backups.keys(ALICE, old, null, null));
        assertEquals(List.of(), backups.keys(BOB, current, null, null), "another user's version");
    }

    @Test
    void deletingKeysAndVersions() {
        long version = backups.createVersion(ALICE, ALG, "{}");
        backups.putKeys(ALICE, version, List.of(key("!r:x", "s1", 0), key("!r:x", "s2", 0), key("!q:x", "s3", 0),
                key("!p:x", "s4", 0)), LOWER_INDEX);

        Version afterSession = backups.deleteKeys(ALICE, version, "!r:x", "s1").orElseThrow();
        assertEquals(3, afterSession.count());
        assertEquals(2, backups.deleteKeys(ALICE, version, "!r:x", null).orElseThrow().count());
        Version unchanged = backups.deleteKeys(ALICE, version, "!nothing:x", null).orElseThrow();
        assertEquals(2, unchanged.count());
        assertEquals(0, backups.deleteKeys(ALICE, version, null, null).orElseThrow().count());
        assertEquals(Optional.empty(), backups.deleteKeys(BOB, version, null, null));

        backups.putKeys(ALICE, version, List.of(key("!r:x", "s1", 0)), LOWER_INDEX);
        assertTrue(backups.deleteVersion(ALICE, version));
        long recreated = backups.createVersion(ALICE, ALG, "{}");
        assertEquals(List.of(), backups.keys(ALICE, recreated, null, null));
        assertEquals(0, backups.currentVersion(ALICE).orElseThrow().count());
    }
}
