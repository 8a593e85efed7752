package org.hearth.core.internal.paging;

import org.hearth.api.MatrixException;

/**
 * Pagination tokens: {@code s<N>}, a position in the server's event stream (from the database,
 * so tokens stay valid across restarts). Position N lies after every event numbered N or less.
 * A sync token ({@link SyncToken}) is accepted wherever a pagination token is: only its event
 * position counts.
 */
public final class StreamToken {
    private StreamToken() {
    }

    public static String of(long position) {
        return "s" + position;
    }

    /** The event stream position of a pagination or sync token. */
    public static long parse(String token) throws MatrixException {
        return SyncToken.parse(token).events();
    }
}
