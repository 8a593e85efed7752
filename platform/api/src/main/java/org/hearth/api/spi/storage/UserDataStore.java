package org.hearth.api.spi.storage;

import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/** Per-user data of the Client-Server API: sync filters and account data (global and per room). */
@ConsumerType
public interface UserDataStore {

    /** Stores a filter definition (JSON text) and returns its ID. */
    String putFilter(UserId userId, String filterJson);

    Optional<String> filter(UserId userId, String filterId);

    /**
     * Sets account data; {@code roomId} null for global account data.
     *
     * @return the stream position of the change (shares the event stream's positions)
     */
    long putAccountData(UserId userId, String roomId, String type, String contentJson);

    Optional<String> accountData(UserId userId, String roomId, String type);

    /** Account data changed in (after, upTo]; all of it when after is 0. */
    List<AccountData> accountDataChanged(UserId userId, long after, long upTo);

    /** Hides a room the user has left from their sync and room lists ({@code POST /forget}). */
    void forget(UserId userId, String roomId);

    /** Undoes {@link #forget}, when the user joins the room again. */
    void unforget(UserId userId, String roomId);

    List<String> forgottenRooms(UserId userId);

    /** One piece of account data; {@code roomId} null when global. */
    record AccountData(String roomId, String type, String contentJson, long streamPosition) {}
}
