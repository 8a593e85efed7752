package org.hearth.api.federation;

import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;

/**
 * A request to another homeserver did not get a usable answer: the server is unreachable, refused
 * by this server's federation policy, answered with a Matrix error, or answered nonsense.
 */
public class RemoteException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No connection, TLS failure, timeout, or the server is backed off after failures. */
        UNREACHABLE,
        /** This server's allow/deny lists (or a room's server ACL) forbid talking to it. */
        NOT_ALLOWED,
        /** It answered with a Matrix error ({@link #status()}, {@link #errcode()}). */
        ERROR_RESPONSE,
        /** It answered something that is not what the spec says (bad JSON, bad signature, too large). */
        BAD_RESPONSE
    }

    private final Kind kind;
    private final int status;
    private final String errcode;
    private final Map<String, Object> extra;

    public RemoteException(Kind kind, int status, String errcode, String message) {
        this(kind, status, errcode, message, Map.of());
    }

    /**
     * @param extra fields of the remote error a client must get too (the {@code room_version} of
     *              {@code M_INCOMPATIBLE_ROOM_VERSION}), as in {@link MatrixException#extra()}
     */
    public RemoteException(Kind kind, int status, String errcode, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.errcode = errcode;
        this.extra = Map.copyOf(extra);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of an {@link Kind#ERROR_RESPONSE}; 0 otherwise. */
    public int status() {
        return status;
    }

    /**
     * The errcode of an {@link Kind#ERROR_RESPONSE}, if it sent one; of a {@link Kind#BAD_RESPONSE},
     * why its body was refused ({@code M_NOT_JSON}, {@code M_BAD_JSON}), if known.
     */
    public Optional<String> errcode() {
        return Optional.ofNullable(errcode);
    }

    /** The error a client of this server gets when its request needed the remote server. */
    public MatrixException toClientError() {
        return switch (kind) {
            case ERROR_RESPONSE -> new MatrixException(status >= 400 && status < 600 ? status : 502,
                    errcode == null ? "M_UNKNOWN" : errcode, getMessage(), extra);
            case NOT_ALLOWED -> MatrixException.forbidden(getMessage());
            default -> new MatrixException(502, "M_UNKNOWN", getMessage());
        };
    }
}
