package org.hearth.storage.sql.internal;

import java.util.concurrent.ThreadLocalRandom;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.NewSession;

/** Accounts, token hashes and sessions for the store tests. */
final class Fixtures {
    static final long NOW = 1_700_000_000_000L;

    private Fixtures() {
    }

    static UserId user(String localpart) {
        return new UserId(localpart, new ServerName("example.org"));
    }

    static Account account(UserId userId) {
        return new Account(userId, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", "Alice", false, false, NOW);
    }

    /** A fresh SHA-256-sized hash. */
    static byte[] hash() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return hash;
    }

    static NewSession session(UserId userId, String deviceId, byte[] accessHash, byte[] refreshHash) {
        return new NewSession(userId, deviceId, "Phone", accessHash, null, refreshHash, "192.0.2.1", NOW);
    }

    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
