package org.hearth.media.internal;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.hearth.api.MatrixException;

/**
 * Media IDs: the path of an {@code mxc://} URI. The spec allows only {@code A-Za-z0-9}, {@code _}
 * and {@code -} (Client-Server API, "Matrix Content (mxc://) URIs"), and says to check that
 * rather than to look for {@code .} and {@code /}; an ID is also never used as a file name here.
 */
final class MediaIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** 24 characters of 62: 142 bits, unguessable (knowing an ID is enough to read the media). */
    private static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MediaIds() {
    }

    static String generate() {
        StringBuilder id = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** The ID, or 400 {@code M_INVALID_PARAM} unless it is {@code [A-Za-z0-9_-]{1,255}}: a traversal never gets further. */
    static String checked(String mediaId) throws MatrixException {
        if (!isValid(mediaId)) {
            throw MatrixException.invalidParam("Invalid media ID");
        }
        return mediaId;
    }

    static boolean isValid(String mediaId) {
        return mediaId != null && VALID.matcher(mediaId).matches();
    }
}
