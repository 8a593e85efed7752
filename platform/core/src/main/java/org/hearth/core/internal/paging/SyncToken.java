package org.hearth.core.internal.paging;

import org.hearth.api.MatrixException;

/**
 * A sync token, {@code next_batch}: {@code s<N>_t<M>_d<D>_k<K>_p<P>}, a position in each stream a
 * sync reads — events and account data ({@code s}), typing ({@code t}), to-device messages
 * ({@code d}), device-list changes ({@code k}), presence ({@code p}). A part that is missing reads as 0, so tokens of
 * earlier Hearth versions ({@code s<N>}, {@code s<N>_t<M>}) still work: they see every to-device
 * message still waiting and every device-list change once more.
 */
public record SyncToken(long events, long typing, long toDevice, long deviceLists, long presence) {

    public SyncToken {
        // events may be below 0 in a pagination token: a position in history backfilled from other servers
        if (typing < 0 || toDevice < 0 || deviceLists < 0 || presence < 0) {
            throw new IllegalArgumentException("negative stream position");
        }
    }

    /** A token without a presence position (every presence is news to it). */
    public SyncToken(long events, long typing, long toDevice, long deviceLists) {
        this(events, typing, toDevice, deviceLists, 0);
    }

    /** Parses a sync token, or a pagination token {@code s<N>}: 400 {@code M_INVALID_PARAM} when it is neither. */
    public static SyncToken parse(String token) throws MatrixException {
        if (token == null || token.length() < 2 || token.charAt(0) != 's' || token.length() > 200) {
            throw invalid(token);
        }
        String[] parts = token.split("_", -1);
        String position = parts[0].substring(1);
        // below 0: a position in history backfilled from other servers (EventStore.reserveHistoric)
        boolean historic = position.startsWith("-");
        long events = historic ? -number(position.substring(1), token) : number(position, token);
        long[] others = new long[4];
        boolean[] seen = new boolean[4];
        for (int i = 1; i < parts.length; i++) {
            int which = parts[i].isEmpty() ? -1 : "tdkp".indexOf(parts[i].charAt(0));
            if (which < 0 || seen[which]) {
                throw invalid(token);
            }
            seen[which] = true;
            others[which] = number(parts[i].substring(1), token);
        }
        return new SyncToken(events, others[0], others[1], others[2], others[3]);
    }

    private static long number(String digits, String token) throws MatrixException {
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(token);
        }
        return Long.parseLong(digits);
    }

    private static MatrixException invalid(String token) {
        return MatrixException.invalidParam("Invalid token " + token);
    }

    @Override
    public String toString() {
        return "s" + events + "_t" + typing + "_d" + toDevice + "_k" + deviceLists + "_p" + presence;
    }
}
