package org.hearth.core.internal.account;

import java.security.SecureRandom;
import org.hearth.core.internal.util.RandomStrings;
import org.hearth.core.internal.util.Sha256;

/**
 * Secrets handed to clients: access and refresh tokens, device IDs. A token is stored only as
 * its SHA-256; 256 random bits make a slow hash unnecessary.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    public static String newAccessToken() {
        return "hth_" + random(32);
    }

    public static String newRefreshToken() {
        return "htr_" + random(32);
    }

    /** Ten upper-case letters, like the device IDs other homeservers hand out. */
    public static String newDeviceId() {
        char[] id = new char[10];
        for (int i = 0; i < id.length; i++) {
            id[i] = (char) ('A' + RANDOM.nextInt(26));
        }
        return new String(id);
    }

    public static String random(int bytes) {
        return RandomStrings.urlSafe(bytes);
    }

    public static byte[] sha256(String token) {
        return Sha256.digest(token);
    }
}
