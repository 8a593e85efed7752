package org.hearth.api;

import java.util.Map;
import java.util.Objects;

/**
 * A failure that reaches the client as a Matrix error:
 * {@code {"errcode": "M_…", "error": "…"}} with an HTTP status
 * (Client-Server API, "Standard error response").
 *
 * <p>Throw it from anywhere in a request; the HTTP front door turns it into the response.
 * Extra fields (such as {@code retry_after_ms} or {@code soft_logout}) go in {@link #extra()}.
 */
public class MatrixException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errcode;
    private final Map<String, Object> extra;

    public MatrixException(int status, String errcode, String error) {
        this(status, errcode, error, Map.of());
    }

    public MatrixException(int status, String errcode, String error, Map<String, Object> extra) {
        super(Objects.requireNonNull(error, "error"), null, false, false);
        this.status = status;
        this.errcode = Objects.requireNonNull(errcode, "errcode");
        this.extra = Map.copyOf(extra);
    }

    /** The HTTP status the spec gives for this error. */
    public int status() {
        return status;
    }

    /** The Matrix error code, such as {@code M_FORBIDDEN}. */
    public String errcode() {
        return errcode;
    }

    /** Fields added to the error body beside {@code errcode} and {@code error}. */
    public Map<String, Object> extra() {
        return extra;
    }

    public static MatrixException notFound(String error) {
        return new MatrixException(404, "M_NOT_FOUND", error);
    }

    public static MatrixException forbidden(String error) {
        return new MatrixException(403, "M_FORBIDDEN", error);
    }

    public static MatrixException badJson(String error) {
        return new MatrixException(400, "M_BAD_JSON", error);
    }

    public static MatrixException notJson(String error) {
        return new MatrixException(400, "M_NOT_JSON", error);
    }

    public static MatrixException invalidParam(String error) {
        return new MatrixException(400, "M_INVALID_PARAM", error);
    }

    public static MatrixException missingParam(String error) {
        return new MatrixException(400, "M_MISSING_PARAM", error);
    }

    public static MatrixException unrecognized(int status, String error) {
        return new MatrixException(status, "M_UNRECOGNIZED", error);
    }

    public static MatrixException tooLarge(String error) {
        return new MatrixException(413, "M_TOO_LARGE", error);
    }
}
