package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What simplified sliding sync (MSC4186) keeps and reads: the state of each connection, one
 * saved copy per {@code pos} the server handed out (so a {@code pos} still works after a restart),
 * and the rooms' recency.
 */
@ConsumerType
public interface SlidingSyncStore {

    /** A connection's state as saved: its JSON, and when it was saved (ms). */
    record Saved(String stateJson, long savedAt) {}

    /** The connection state saved under {@code pos} for the user's device and connection, if still kept. */
    Optional<Saved> connectionState(UserId userId, String deviceId, String connId, long pos);

    /**
     * Saves the connection's state under {@code pos} (a new, higher one) and drops its states
     * below {@code keepFrom}: the one a retried request may still use stays.
     */
    void saveConnectionState(UserId userId, String deviceId, String connId, long pos, String stateJson, long keepFrom,
                             long now);

    /**
     * Starts the connection over, in one transaction: drops its states, the device's other
     * connections beyond the {@code keepOthers} most recently used, and every state saved before
     * {@code expireBefore} (ms: connections idle since then expire).
     *
     * @return the highest {@code pos} the connection had, or 0: new ones continue above it
     */
    long startConnection(UserId userId, String deviceId, String connId, int keepOthers, long expireBefore);

    /**
     * For each room that has one, the stream position of its newest event of one of the types up
     * to {@code upTo} that is part of the room (accepted: not an outlier, soft-failed or
     * rejected): room → position.
     */
    Map<String, Long> latestOfTypes(Collection<String> roomIds, Collection<String> types, long upTo);
}
