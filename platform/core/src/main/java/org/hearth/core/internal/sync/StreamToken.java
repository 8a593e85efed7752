package org.hearth.core.internal.sync;

import org.hearth.api.MatrixException;

/**
 * Sync and pagination tokens: {@code s<N>}, a position in the server's event stream (from the
 * database, so tokens stay valid across restarts). Position N lies after every event numbered N
 * or less.
 */
public final class StreamToken {
    private StreamToken() {
    }

    public static String of(long position) {
        return "s" + position;
    }

    public static long parse(String token) throws MatrixException {
        if (token == null || token.length() < 2 || token.charAt(0) != 's') {
            throw MatrixException.invalidParam("Invalid token " + token);
        }
        try {
            long position = Long.parseLong(token.substring(1));
            if (position < 0) {
                throw MatrixException.invalidParam("Invalid token " + token);
            }
            return position;
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Invalid token " + token);
        }
    }
}
