package org.hearth.api.spi.storage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where an event sits in its room's DAG, for {@link WriteBatch.Append}: its edges, its status,
 * and the state around it when its {@code prev_events} carry different states (Server-Server
 * API, "Room State Resolution").
 *
 * @param prevEvents     the event's {@code prev_events}, stored as edges
 * @param authEvents     the event's {@code auth_events}, stored as edges (auth chain walks)
 * @param status         whether it is part of the room, an outlier, soft-failed or rejected
 * @param rejectedReason why it was rejected; null unless {@link Status#REJECTED}
 * @param resolvedBefore the state before the event differs from {@code stateGroupBefore} by these
 *                       entries (a new group is stored for it); empty when it does not
 * @param currentState   the entries the room's current state takes with this event; null to apply
 *                       the event's state delta as before (an event on top of every extremity)
 * @param historicAt     for an event backfilled from another server: the stream position
 *                       {@link EventStore#reserveHistoric} reserved for it (below every other one,
 *                       so it is history: never in a sync or the durable streams), or a position
 *                       left free below the event after a gap ({@code gapBefore}); 0 for an event
 *                       at the head of the stream
 * @param gapBefore      for an event at the head of the stream whose prev_events are missing here
 *                       (a gap in the room's history): how many stream positions to leave free
 *                       just below it, for the gap's events to be backfilled into later in their
 *                       place (see {@link EventStore#highestPositionBelow}); else 0
 */
public record EventPlacement(List<String> prevEvents, List<String> authEvents, Status status, String rejectedReason,
                             Map<StateKey, String> resolvedBefore, Map<StateKey, String> currentState,
                             long historicAt, int gapBefore) {

    /** What became of an event in its room. */
    public enum Status {
        /** Part of the room: shown to clients, in the streams. */
        ACCEPTED,
        /** Stored without state (an auth chain member, an event fetched on its own). */
        OUTLIER,
        /** Passes auth at its place in the DAG but not against the current state: hidden. */
        SOFT_FAILED,
        /** Fails the authorization rules: kept to answer for it, never used. */
        REJECTED;

        /** Its stored code. */
        public int code() {
            return ordinal();
        }
    }

    /** An event added on top of the room's state, no edges recorded (the form of contract 0.2.0). */
    public static final EventPlacement NONE = new EventPlacement(List.of(), List.of(), Status.ACCEPTED, null, Map.of(),
            null);

    /** An event at the head of the stream (contract 0.4.0). */
    public EventPlacement(List<String> prevEvents, List<String> authEvents, Status status, String rejectedReason,
                          Map<StateKey, String> resolvedBefore, Map<StateKey, String> currentState) {
        this(prevEvents, authEvents, status, rejectedReason, resolvedBefore, currentState, 0, 0);
    }

    /** A backfilled event, or one at the head of the stream with {@code historicAt} 0 (the form before contract 0.13.0). */
    public EventPlacement(List<String> prevEvents, List<String> authEvents, Status status, String rejectedReason,
                          Map<StateKey, String> resolvedBefore, Map<StateKey, String> currentState,
                          long historicAt) {
        this(prevEvents, authEvents, status, rejectedReason, resolvedBefore, currentState, historicAt, 0);
    }

    public EventPlacement {
        prevEvents = List.copyOf(prevEvents);
        authEvents = List.copyOf(authEvents);
        Objects.requireNonNull(status, "status");
        resolvedBefore = Map.copyOf(resolvedBefore);
        currentState = currentState == null ? null : Map.copyOf(currentState);
        if (gapBefore < 0 || gapBefore > 0 && historicAt != 0) {
            throw new IllegalArgumentException("positions left free only below an event at the head: " + gapBefore);
        }
    }

    /** Whether the event was backfilled: stored at a reserved position, not at the head of the stream. */
    public boolean historic() {
        return historicAt != 0;
    }

    /** An accepted event with its edges, applied on top of the room's state. */
    public static EventPlacement accepted(List<String> prevEvents, List<String> authEvents) {
        return new EventPlacement(prevEvents, authEvents, Status.ACCEPTED, null, Map.of(), null);
    }
}
