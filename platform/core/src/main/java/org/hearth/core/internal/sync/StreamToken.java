package org.hearth.core.internal.sync;

import org.hearth.api.MatrixException;

/**
 * Sync and pagination tokens: {@code s<N>}, a position in the server's event stream (from the
 * database, so tokens stay valid across restarts). Position N lies after every event numbered N
 * or less. A sync's {@code next_batch} adds the typing serial: {@code s<N>_t<M>}; wherever a
 * pagination token is expected, that suffix is ignored.
 */
public final class StreamToken {
    private StreamToken() {
    }

    public static String of(long position) {
        return "s" + position;
    }

    /** A sync token: event stream position and typing serial. */
    public static String sync(long position, long typing) {
        return "s" + position + "_t" + typing;
    }

    /** The typing serial of a sync token; 0 for a plain stream token. */
    public static long typing(String token) throws MatrixException {
        int at = token == null ? -1 : token.indexOf("_t");
        if (at < 0) {
            return 0;
        }
        try {
            return Long.parseLong(token.substring(at + 2));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Invalid token " + token);
        }
    }

    public static long parse(String token) throws MatrixException {
        if (token == null || token.length() < 2 || token.charAt(0) != 's') {
            throw MatrixException.invalidParam("Invalid token " + token);
        }
        int suffix = token.indexOf("_t");
        try {
            long position = Long.parseLong(token.substring(1, suffix < 0 ? token.length() : suffix));
            if (position < 0) {
                throw MatrixException.invalidParam("Invalid token " + token);
            }
            return position;
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Invalid token " + token);
        }
    }
}
