package org.hearth.api.http;

import java.io.IOException;
import org.hearth.api.MatrixException;

/** A streamed request body went past the limit its route set ({@link RouteRequest#bodyStream}). */
public class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** The answer the client gets: 413 {@code M_TOO_LARGE}. */
    public MatrixException toMatrix() {
        return MatrixException.tooLarge(getMessage());
    }
}
