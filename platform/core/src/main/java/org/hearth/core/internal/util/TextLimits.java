package org.hearth.core.internal.util;

import java.nio.charset.StandardCharsets;
import org.hearth.api.MatrixException;

/**
 * The one rule for client strings kept in their own database columns (event types, state keys,
 * transaction IDs, account data types, device names): bounded in bytes, and without NUL, which
 * no Matrix identifier holds and PostgreSQL's text columns refuse. NUL inside JSON values is
 * another matter: it is stored escaped ({@code \u0000}) and allowed.
 */
public final class TextLimits {
    /** Event types, state keys and other identifiers (Client-Server API, "Size limits"). */
    public static final int MAX_IDENTIFIER_BYTES = 255;

    private TextLimits() {
    }

    /** 400 {@code M_INVALID_PARAM} unless the text is at most 255 bytes of UTF-8 without NUL. */
    public static String identifier(String text, String what) throws MatrixException {
        return bounded(text, what, MAX_IDENTIFIER_BYTES, "M_INVALID_PARAM");
    }

    /**
     * 400 unless the text is at most {@code maxBytes} of UTF-8 without NUL: {@code M_TOO_LARGE}
     * when too long, {@code M_INVALID_PARAM} for NUL.
     */
    public static String text(String text, String what, int maxBytes) throws MatrixException {
        return bounded(text, what, maxBytes, "M_TOO_LARGE");
    }

    private static String bounded(String text, String what, int maxBytes, String tooLongCode) throws MatrixException {
        if (text.indexOf('\0') >= 0) {
            throw MatrixException.invalidParam(what + " holds a NUL character");
        }
        // a char is at most 3 bytes of UTF-8 (a surrogate pair is 4 for 2 chars)
        if (text.length() * 3 > maxBytes && text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new MatrixException(400, tooLongCode, what + " is longer than " + maxBytes + " bytes");
        }
        return text;
    }
}
