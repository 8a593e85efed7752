package org.hearth.core.internal.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreArgon2idPhcStringsThatVerify() {
        String hash = hasher.hash("s3cret pässword");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertTrue(hasher.verify("s3cret pässword", hash));
        assertFalse(hasher.verify("s3cret password", hash));
        assertNotEquals(hash, hasher.hash("s3cret pässword"), "a fresh salt every time");
    }

    @Test
    void parametersComeFromTheHashSoOldHashesStillVerify() {
        // Hashes made with other costs than today's must keep working after the cost changes.
        String cheap = hasher.hash("password", 64, 1, 1);
        assertTrue(cheap.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), cheap);
        assertTrue(hasher.verify("password", cheap));
        assertFalse(hasher.verify("passwort", cheap));
    }

    @Test
    void unreadableHashesNeverVerify() {
        assertFalse(hasher.verify("x", null));
        assertFalse(hasher.verify("x", "plain"));
        assertFalse(hasher.verify("x", "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AAAA"));
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$AA"), "too short a hash");
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHQ$AAAAAAAA"), "absurd cost");
        assertFalse(hasher.verify("x", "$argon2id$v=19$m=x,t=1,p=1$c29tZXNhbHQ$AAAAAAAA"));
        assertFalse(hasher.verifyNothing("x"));
    }

    @Test
    void theDecoyHasTheShapeAndCostOfARealHash() {
        String real = hasher.hash("x");
        String[] decoy = hasher.decoy.split("\\$");
        String[] parts = real.split("\\$");
        assertEquals(parts.length, decoy.length);
        assertEquals(parts[3], decoy[3], "the parameters of new hashes");
        assertEquals(parts[4].length(), decoy[4].length(), "salt");
        assertEquals(parts[5].length(), decoy[5].length(), "hash");
    }
}
