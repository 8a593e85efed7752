package org.hearth.core.internal.client.legacy;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;

/**
 * The {@code limit} of the legacy endpoints: for the initial syncs messages per room (default 10),
 * for {@code /events} only checked (its answers hold up to 100 events); at most 100. Not a number,
 * or negative: 400.
 */
final class Limits {
    static final int INITIAL_SYNC_DEFAULT = 10;
    static final int EVENTS_DEFAULT = 100;
    private static final int MAX = 100;

    private Limits() {
    }

    static int limit(RouteRequest request, int defaultLimit) throws MatrixException {
        int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse(Integer.toString(defaultLimit)));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
        if (limit < 0) {
            throw MatrixException.invalidParam("limit must not be negative");
        }
        return Math.min(MAX, limit); // 0: no messages, only state (SyTest's initialSync with limit=0)
    }
}
