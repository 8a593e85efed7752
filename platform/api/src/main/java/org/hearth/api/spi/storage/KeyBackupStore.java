package org.hearth.api.spi.storage;

import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Server-side key backups (Client-Server API, "Server-side key backups"): versions per user, the
 * newest version not deleted being the current one, and the encrypted room keys in each.
 *
 * <p>Every change to a version's keys moves its {@code etag}; {@code count} is the number of keys.
 */
@ConsumerType
public interface KeyBackupStore {

    /** Creates a version, which becomes the user's current one; returns its number. */
    long createVersion(UserId userId, String algorithm, String authDataJson);

    /** The user's newest version that is not deleted. */
    Optional<Version> currentVersion(UserId userId);

    /** One of the user's versions, unless deleted. */
    Optional<Version> version(UserId userId, long version);

    /** Whether the user ever had this version, deleted or not. */
    boolean existed(UserId userId, long version);

    /** Replaces a version's {@code auth_data}; false when there is no such version (or it was deleted). */
    boolean updateVersion(UserId userId, long version, String authDataJson);

    /** Deletes a version and its keys; false when it does not exist (also when deleted before). */
    boolean deleteVersion(UserId userId, long version);

    /**
     * Stores keys into the version in one transaction, if it is the user's current version: a key
     * for a session that has none is added; one for a session that has a key replaces it only
     * when {@code preference} prefers it.
     *
     * @return the version afterwards, or empty when it is not the current version (nothing written)
     */
    Optional<Version> putKeys(UserId userId, long version, List<RoomKey> keys, KeyPreference preference);

    /** The version's keys: all, one room's ({@code sessionId} null) or one session's. */
    List<RoomKey> keys(UserId userId, long version, String roomId, String sessionId);

    /**
     * Deletes the version's keys: all ({@code roomId} null), one room's, or one session's.
     *
     * @return the version afterwards, or empty when there is no such version
     */
    Optional<Version> deleteKeys(UserId userId, long version, String roomId, String sessionId);

    /** Decides whether an uploaded key replaces the stored key of the same session. */
    @FunctionalInterface
    interface KeyPreference {
        boolean replaces(RoomKey stored, RoomKey uploaded);
    }

    /** A backup version: its algorithm, {@code auth_data}, etag and number of keys. */
    record Version(long version, String algorithm, String authDataJson, long etag, long count) {}

    /** The backed-up key of one Megolm session; {@code sessionDataJson} is opaque to the server. */
    record RoomKey(String roomId, String sessionId, long firstMessageIndex, long forwardedCount, boolean verified,
                   String sessionDataJson) {}
}
