package org.hearth.api.spi.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.ServerName;
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
 * <p>Callers serialise writes to one room; {@link #write} must still be safe if two rooms are
 * written at once.
 */
@ConsumerType
public interface EventStore {

    /**
     * Writes the batch in one transaction: when it returns, all of it is durable; when it throws,
     * none of it was written.
     *
     * @return what each of {@code batch.events()} was assigned, in the same order
     * @throws NameTakenException when a new room's ID or an added alias is taken
     */
    List<Appended> write(WriteBatch batch);

    /** What {@link #write} assigned an event: its stream position and state group. */
    record Appended(long streamPosition, long stateGroup) {}

    /** Stores one event in its own transaction, as a {@link WriteBatch} of one. */
    default Appended append(String roomId, NewEvent event, long stateGroupBefore, Map<StateKey, String> stateDelta,
                            List<String> forwardExtremities) {
        return write(WriteBatch.of(List.of(new WriteBatch.Append(roomId, event, stateGroupBefore, stateDelta,
                forwardExtremities)))).get(0);
    }

    Optional<StoredEvent> event(String eventId);

    /** The events found among the IDs, in no particular order. */
    List<StoredEvent> events(Collection<String> eventIds);

    /** The event the user's device sent with this client transaction (same device, scope and ID). */
    Optional<String> eventForTransaction(UserId sender, ClientTxn txn);

    /**
     * Of the given events, those the device sent with a client transaction ID: event ID →
     * transaction ID (for {@code unsigned.transaction_id}, shown to the sending device only).
     */
    Map<String, String> transactionIds(UserId sender, String deviceId, Collection<String> eventIds);

    /**
     * Reserves {@code count} stream positions below every position handed out so far, for events
     * backfilled from other servers ({@link EventPlacement#historicAt}): history sorts before
     * the room's other events, and reads after a position of 0 or more never meet it.
     *
     * @return the lowest of them; the others follow it (lowest + count - 1 is the highest)
     */
    default long reserveHistoric(int count) {
        throw new UnsupportedOperationException("this store keeps no backfilled history");
    }

    /**
     * The highest stream position of any event stored below the position (whatever its room or
     * status), or {@link Long#MIN_VALUE} when there is none: the positions in between are free
     * for events backfilled into a gap before the event at the position
     * ({@link EventPlacement#gapBefore}).
     */
    default long highestPositionBelow(long position) {
        throw new UnsupportedOperationException("this store keeps no gaps");
    }

    /** The highest stream position handed out, or 0. */
    long currentStreamPosition();

    /** The state group after the event. */
    Optional<Long> stateGroupOf(String eventId);

    /** The whole state of a state group. */
    Map<StateKey, String> state(long stateGroup);

    /**
     * One entry of a state group's state: the event ID of ({@code type}, {@code stateKey}) there.
     * A store reads that entry only, not the whole state (which a room of 10,000 members makes large).
     */
    default Optional<String> stateEvent(long stateGroup, String type, String stateKey) {
        return Optional.ofNullable(state(stateGroup).get(new StateKey(type, stateKey)));
    }

    /**
     * The membership, in a state group's state, of each user of one server that the state names
     * (those whose ID ends with {@code ":" + server}): user → membership. A store reads those
     * users' entries only, so that judging what a server may see of an event (history visibility)
     * does not cost a read of every member of the room.
     */
    default Map<String, String> memberships(long stateGroup, ServerName server) {
        String suffix = ":" + server.value();
        List<String> ids = state(stateGroup).entrySet().stream()
                .filter(e -> "m.room.member".equals(e.getKey().type()) && e.getKey().stateKey().endsWith(suffix))
                .map(Map.Entry::getValue).toList();
        ObjectMapper json = new ObjectMapper(); // a store that reads only those entries overrides this
        Map<String, String> found = new HashMap<>();
        for (StoredEvent member : events(ids)) {
            try {
                found.put(member.stateKey(), json.readTree(member.json()).path("content").path("membership").asText());
            } catch (JsonProcessingException e) {
                throw new StoreException("stored member event " + member.eventId() + " is not JSON", e);
            }
        }
        return found;
    }

    /** The room's current state: (type, state_key) → event ID. */
    Map<StateKey, String> currentState(String roomId);

    Optional<String> currentStateEvent(String roomId, String type, String stateKey);

    /**
     * Of each room that has one, the event ID of its current state event of this type and state
     * key: room ID → event ID. One read for many rooms where a sync would ask each.
     */
    default Map<String, String> currentStateEvents(Collection<String> roomIds, String type, String stateKey) {
        Map<String, String> found = new HashMap<>();
        for (String roomId : roomIds) {
            currentStateEvent(roomId, type, stateKey).ifPresent(id -> found.put(roomId, id));
        }
        return found;
    }

    List<String> forwardExtremities(String roomId);

    /** The rooms in which the user's current membership is one of the given ones (join, invite, leave, ban, knock). */
    List<String> roomsOf(UserId userId, Collection<String> memberships);

    /**
     * The user's current membership of every room it has one in: room ID → membership, by room
     * ID (one read where a sync would otherwise ask {@link #roomsOf} once per membership).
     */
    Map<String, String> membershipsOf(UserId userId);

    /** The current membership of every user the room's state names: user → membership. */
    Map<String, String> memberships(String roomId);

    /**
     * {@link #memberships(String)} of one server's users only (those whose ID ends with
     * {@code ":" + server}): whether a server is in a room is asked of every request it makes.
     */
    default Map<String, String> memberships(String roomId, ServerName server) {
        String suffix = ":" + server.value();
        Map<String, String> found = new HashMap<>();
        memberships(roomId).forEach((user, membership) -> {
            if (user.endsWith(suffix)) {
                found.put(user, membership);
            }
        });
        return found;
    }

    /**
     * How many users are joined to the room now; a store counts them without reading each, so
     * that evaluating push rules for an event of a large room reads its local members only.
     */
    default int joinedCount(String roomId) {
        return (int) memberships(roomId).values().stream().filter("join"::equals).count();
    }

    /**
     * The servers of the users whose current membership of the room is one of these (join,
     * invite, leave, ban, knock): what follows the first {@code ':'} of their IDs, each once. A
     * store answers with those names only, so that whether a server is in a room, or which
     * servers to ask about it, does not cost a read of every member of the room.
     */
    default Set<String> memberServers(String roomId, Collection<String> memberships) {
        Set<String> servers = new HashSet<>();
        memberships(roomId).forEach((user, membership) -> {
            if (memberships.contains(membership)) {
                serverPart(user).ifPresent(servers::add);
            }
        });
        return servers;
    }

    /**
     * The servers of the senders of the room's current state events (what follows the first
     * {@code ':'} of their IDs), each once; a store answers with those names only.
     */
    default Set<String> stateSenderServers(String roomId) {
        Set<String> servers = new HashSet<>();
        for (StoredEvent event : events(currentState(roomId).values())) {
            serverPart(event.sender()).ifPresent(servers::add);
        }
        return servers;
    }

    /** What follows the first {@code ':'} of a user ID, as the stores' own reads take it. */
    private static Optional<String> serverPart(String userId) {
        int colon = userId.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(userId.substring(colon + 1));
    }

    /** {@link #memberships(String)} of many rooms at once: room ID → user → membership, every room asked for. */
    default Map<String, Map<String, String>> memberships(Collection<String> roomIds) {
        Map<String, Map<String, String>> found = new HashMap<>();
        for (String roomId : roomIds) {
            found.put(roomId, memberships(roomId));
        }
        return found;
    }

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

    /**
     * The events that set one piece of state ({@code type}, {@code stateKey}) in each of the rooms,
     * ordered by room, then oldest first: the history of a user's membership or of a room's
     * history visibility. A null {@code stateKey} stands for every state key of the type.
     */
    List<StoredEvent> stateChanges(Collection<String> roomIds, String type, String stateKey);

    /** How the found events stand (accepted, outlier, soft-failed, rejected), in no particular order. */
    default List<EventFlags> flags(Collection<String> eventIds) {
        return List.of();
    }

    /** The state group before the event; empty for an outlier or an unknown event. */
    default Optional<Long> stateGroupBefore(String eventId) {
        return Optional.empty();
    }

    /**
     * {@link #stateGroupBefore} of many events, in one read where the store can: event ID → state
     * group, for those that have one.
     */
    default Map<String, Long> stateGroupsBefore(Collection<String> eventIds) {
        Map<String, Long> groups = new HashMap<>();
        for (String eventId : eventIds) {
            stateGroupBefore(eventId).ifPresent(group -> groups.put(eventId, group));
        }
        return groups;
    }

    /**
     * The auth chain of the events (Server-Server API, "Auth events selection"): every event
     * reachable through {@code auth_events} edges (one of the events is there when another
     * needs it); at most {@code limit} IDs.
     */
    default List<String> authChain(Collection<String> eventIds, int limit) {
        return List.of();
    }

    /**
     * Records a room as joined with part of its state (durable, so that a restart resumes the
     * fetch of the rest); replaces an earlier record of the room.
     */
    default void markPartialState(PartialStateRoom room) {
        throw new UnsupportedOperationException("this store keeps no partial-state rooms");
    }

    /** Drops the room's partial-state record (its join failed). */
    default void forgetPartialState(String roomId) {
    }

    /** The room's partial-state record, if its full state is still to be fetched. */
    default Optional<PartialStateRoom> partialState(String roomId) {
        return Optional.empty();
    }

    /** Every room whose full state is still to be fetched. */
    default List<PartialStateRoom> partialStateRooms() {
        return List.of();
    }

    /**
     * Completes the state of a partial-state room and drops its record, in one transaction: each
     * entry of {@code stateBefore} (the full state before the join) whose (type, state key) is
     * absent is added to the room's state snapshots from the state group before the join on,
     * and to its current state and memberships. What the room's state holds for a key is kept:
     * it came with the join or after it. The completion takes a stream position of its own
     * ({@link #partialStateCompletions}), and the room's events since the join are marked to be
     * checked again ({@link #partialStateRechecks}).
     */
    default void completeState(String roomId, String joinEventId, Map<StateKey, String> stateBefore) {
        throw new UnsupportedOperationException("this store keeps no partial-state rooms");
    }

    /**
     * The stream position of the latest completion of each room whose partial state was completed
     * ({@link #completeState}), by room ID: a sync from a token before it sends the room whole.
     */
    default Map<String, Long> partialStateCompletions() {
        return Map.of();
    }

    /**
     * Corrects an event of a room stored while the room's state was partial, its checks run again
     * once the state is complete ({@link #completeState}): its status ({@link EventPlacement.Status#ACCEPTED}
     * or {@link EventPlacement.Status#REJECTED}) and why, the state before it ({@code stateGroupBefore}
     * plus {@code resolvedBefore}) and after it (that plus {@code stateDelta}; nothing for a rejected
     * event). A rejected event leaves the room's timeline and streams. The room's current state is
     * corrected apart ({@link #restateCurrent}).
     */
    default void restate(String roomId, String eventId, EventPlacement.Status status, String rejectedReason,
                         long stateGroupBefore, Map<StateKey, String> resolvedBefore, Map<StateKey, String> stateDelta) {
        throw new UnsupportedOperationException("this store keeps no partial-state rooms");
    }

    /**
     * After {@link #restate}: replaces the room's current state (its memberships with it) and its
     * forward extremities, in one transaction that takes a stream position recorded as the room's
     * latest completion ({@link #partialStateCompletions}), so that a sync from a token before it
     * sends the room whole again. The room's mark to be checked again goes with it ({@link #rechecked}).
     */
    default void restateCurrent(String roomId, Map<StateKey, String> currentState, List<String> forwardExtremities) {
        throw new UnsupportedOperationException("this store keeps no partial-state rooms");
    }

    /**
     * The rooms whose state was completed ({@link #completeState}) and whose events received while
     * partial are still to be checked again, each with its local join (no servers): a restart runs
     * the check again.
     */
    default List<PartialStateRoom> partialStateRechecks() {
        return List.of();
    }

    /** The room's events received while partial were checked again (nothing changed): its mark goes. */
    default void rechecked(String roomId) {
    }
}
