package org.hearth.core.internal.util;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable strings (URL-safe unpadded Base64 of random bytes): secrets, and IDs nobody may predict. */
public final class RandomStrings {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private RandomStrings() {
    }

    public static String urlSafe(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }
}
