package org.hearth.core.internal.paging;

import java.util.OptionalLong;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteRequest;

/** Paging parameters of the read endpoints: direction, tokens and a bounded limit. */
public final class PageParams {
    private static final int MAX_LIMIT = 100;

    private PageParams() {
    }

    /** Whether {@code dir} asks for newest first: b (the default) or f; 400 otherwise. */
    public static boolean backwards(RouteRequest request) throws MatrixException {
        String dir = request.queryParam("dir").orElse("b");
        if (!dir.equals("b") && !dir.equals("f")) {
            throw MatrixException.invalidParam("dir must be b or f");
        }
        return dir.equals("b");
    }

    /** The {@code limit}: {@code fallback} when absent, at most {@value #MAX_LIMIT}; 400 unless a number above 0. */
    public static int limit(RouteRequest request, int fallback) throws MatrixException {
        String limit = request.queryParam("limit").orElse(null);
        if (limit == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value < 1) {
                throw MatrixException.invalidParam("limit must be greater than zero");
            }
            return Math.min(value, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be a number");
        }
    }

    /** The stream position of a token parameter; empty when absent. */
    public static OptionalLong position(RouteRequest request, String param) throws MatrixException {
        String token = request.queryParam(param).orElse(null);
        return token == null ? OptionalLong.empty() : OptionalLong.of(StreamToken.parse(token));
    }
}
