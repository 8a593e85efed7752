package org.hearth.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

    @Test
    void aGeneratedKeyHasAnIdLikeA_XXXXAndSurvivesItsSeed() {
        SigningKey key = SigningKey.generate(new SecureRandom());
        assertTrue(key.keyId().matches("ed25519:a_[a-zA-Z0-9]{4}"), key.keyId());

        SigningKey again = SigningKey.fromSeed(key.keyId(), key.seed());
        assertEquals(key.verifyKey(), again.verifyKey());
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(key.sign(message), again.sign(message));
        assertTrue(key.verifyKey().verify(message, again.sign(message)));
        assertFalse(key.verifyKey().verify("hellO".getBytes(StandardCharsets.UTF_8), key.sign(message)));
    }

    @Test
    void theSeedStaysOutOfToString() {
        SigningKey key = AppendixSigningKey.KEY;
        assertEquals("SigningKey ed25519:1", key.toString());
    }

    @Test
    void rejectsBadKeyIdsAndSeeds() {
        byte[] seed = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeed("ed25519:", seed));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeed("curve25519:a", seed));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeed("ed25519:a-b", seed));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeed("ed25519:a", new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> VerifyKey.of("ed25519:a", "Zm9v"));
        assertThrows(IllegalArgumentException.class, () -> VerifyKey.of("rsa:a", AppendixSigningKey.KEY.verifyKey().publicKeyBase64()));
    }
}
