package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Room events and room state.
 *
 * <p>State is kept as state groups: each event points at the group of the room's state after it;
 * a state event starts a new group stored as a delta against the group before it, so a room with
 * 10,000 members does not copy its state for every event. The current state of each room and
 * the memberships derived from it are kept alongside for fast reads.
 *
 * <p>Callers serialise writes to one room; {@link #append} must still be safe if two rooms are
 * written at once.
 */
@ConsumerType
public interface EventStore {

    /**
     * Stores an accepted event in one transaction: the event; its state group (the group before
     * it when {@code stateDelta} is empty, else a new group = {@code stateGroupBefore} + the delta);
     * the room's current state and memberships when the delta changes them; the room's forward
     * extremities; the transaction ID, if any.
     *
     * @param stateGroupBefore the state group before the event, or 0 for a room's create event
     * @param stateDelta       the state the event sets: its own (type, state_key) → event ID
     * @return the event's stream position and state group
     */
    Appended append(String roomId, NewEvent event, long stateGroupBefore, Map<StateKey, String> stateDelta,
                    List<String> forwardExtremities);

    /** What {@link #append} assigned. */
    record Appended(long streamPosition, long stateGroup) {}

    Optional<StoredEvent> event(String eventId);

    /** The events found among the IDs, in no particular order. */
    List<StoredEvent> events(Collection<String> eventIds);

    /** The event a device sent with a client transaction ID. */
    Optional<String> eventForTransaction(UserId sender, String deviceId, String txnId);

    /**
     * Of the given events, those the device sent with a client transaction ID: event ID →
     * transaction ID (for {@code unsigned.transaction_id}, shown to the sending device only).
     */
    Map<String, String> transactionIds(UserId sender, String deviceId, Collection<String> eventIds);

    /** The highest stream position handed out, or 0. */
    long currentStreamPosition();

    /** The state group after the event. */
    Optional<Long> stateGroupOf(String eventId);

    /** The whole state of a state group. */
    Map<StateKey, String> state(long stateGroup);

    /** The room's current state: (type, state_key) → event ID. */
    Map<StateKey, String> currentState(String roomId);

    Optional<String> currentStateEvent(String roomId, String type, String stateKey);

    List<String> forwardExtremities(String roomId);

    /** The rooms in which the user's current membership is one of the given ones (join, invite, leave, ban, knock). */
    List<String> roomsOf(UserId userId, Collection<String> memberships);

    /** The current membership of every user the room's state names: user → membership. */
    Map<String, String> memberships(String roomId);

    /**
     * Events of a room with a stream position in (after, upTo], at most {@code limit}: the newest
     * ones when {@code newestFirst}, else the oldest ones; in the order asked for.
     */
    List<StoredEvent> roomEvents(String roomId, long after, long upTo, int limit, boolean newestFirst);

    /**
     * Events of every room with a stream position in (after, upTo], oldest first, at most
     * {@code limit}: the durable event stream's read.
     */
    List<StoredEvent> streamEvents(long after, long upTo, int limit);

    /** Among the rooms, those with an event whose stream position is in (after, upTo]. */
    List<String> roomsChanged(Collection<String> roomIds, long after, long upTo);

    /** The first event of the room at or after ({@code forward}) / at or before the time. */
    Optional<StoredEvent> eventAt(String roomId, long originServerTs, boolean forward);

    /** Replaces the stored JSON of an event by its redacted form and records who redacted it. */
    void redact(String eventId, String redactedJson, String redactedBy);
}
