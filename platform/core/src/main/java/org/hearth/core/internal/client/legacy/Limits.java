package org.hearth.core.internal.client.legacy;

import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;

/** The {@code limit} of the legacy initial syncs: messages per room, default 10, at most 100. */
final class Limits {
    private static final int DEFAULT = 10;
    private static final int MAX = 100;

    private Limits() {
    }

    static int limit(RouteRequest request) throws MatrixException {
        try {
            return Math.max(1, Math.min(MAX, Integer.parseInt(request.queryParam("limit").orElse(Integer.toString(DEFAULT)))));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
    }
}
