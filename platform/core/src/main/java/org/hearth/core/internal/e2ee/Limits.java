package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.hearth.api.MatrixException;
import org.hearth.core.internal.util.Json;

/**
 * The bounds every end-to-end encryption input keeps, each well above what Element and the SDKs
 * send (they upload 50 one-time keys at a time and share room keys in batches of a few hundred
 * to-device messages). Beyond a bound the request is a 400 naming it.
 */
public final class Limits {
    /** Users in one {@code /keys/query}; devices named in it, across users. */
    public static final int QUERY_USERS = 10_000;
    public static final int QUERY_DEVICES = 10_000;
    /** Keys asked for in one {@code /keys/claim}. */
    public static final int CLAIMS = 10_000;
    /** One-time keys in one upload, and held by one device. */
    public static final int ONE_TIME_KEYS_PER_UPLOAD = 1_000;
    public static final int ONE_TIME_KEYS_PER_DEVICE = 10_000;
    /** Fallback keys in one upload (one per algorithm). */
    public static final int FALLBACK_KEYS_PER_UPLOAD = 16;
    /** A key ID ({@code <algorithm>:<id>}), an algorithm name, a session or device ID, in characters. */
    public static final int ID_LENGTH = 255;
    /** A one-time or fallback key, as compact JSON. */
    public static final int KEY_BYTES = 4 * 1024;
    /** Device keys or a cross-signing key, as compact JSON. */
    public static final int KEY_OBJECT_BYTES = 16 * 1024;
    /** Signatures uploaded in one request. */
    public static final int SIGNATURES = 1_000;
    /**
     * One to-device message: the spec's size limit for an event, 65,536 bytes (Client-Server API,
     * "Size limits"), applied to the event a device receives.
     */
    public static final int TO_DEVICE_MESSAGE_BYTES = 65_536;
    /** Messages (recipient devices, {@code *} counting once) in one {@code /sendToDevice}. */
    public static final int TO_DEVICE_MESSAGES = 10_000;
    /** To-device messages in one {@code /sync} answer; the rest come with the next ("Server behaviour": 100). */
    public static final int TO_DEVICE_PER_SYNC = 100;
    /** Sessions in one key-backup upload; one session's data and a backup's {@code auth_data}. */
    public static final int BACKUP_KEYS_PER_UPLOAD = 10_000;
    public static final int BACKUP_SESSION_BYTES = 64 * 1024;
    public static final int BACKUP_AUTH_DATA_BYTES = 64 * 1024;

    private Limits() {
    }

    /** 400 {@code M_INVALID_PARAM} when the value's compact JSON is larger than {@code max} bytes. */
    static void size(JsonNode value, int max, String what) throws MatrixException {
        if (Json.write(value).getBytes(StandardCharsets.UTF_8).length > max) {
            throw MatrixException.invalidParam(what + " is larger than " + max + " bytes");
        }
    }

    /** 400 {@code M_INVALID_PARAM} when there are more than {@code max} of something. */
    static void count(int count, int max, String what) throws MatrixException {
        if (count > max) {
            throw MatrixException.invalidParam("Too many " + what + ": at most " + max + " in one request");
        }
    }

    /** 400 {@code M_INVALID_PARAM} for an empty identifier or one longer than {@link #ID_LENGTH}. */
    static void id(String id, String what) throws MatrixException {
        if (id.isEmpty() || id.length() > ID_LENGTH) {
            throw MatrixException.invalidParam(what + " must have 1 to " + ID_LENGTH + " characters");
        }
    }
}
