package org.hearth.core.internal.rooms;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.core.internal.event.Pdu;

/**
 * The received events of one room placed in one {@link RoomBatch} so far, not stored yet: what
 * {@link RemoteEvents} reads of them, in place of the store, to place the next event of a
 * {@code /send} in the same batch. It takes only an event that the store's answers would not
 * place differently: one whose only prev_event is the run's last event and that event the room's
 * only forward extremity (so its state before is the state after that event, the current state,
 * with no resolution to run over events the store does not hold yet).
 */
final class PlacedRun {
    private final Map<String, Pdu> placed = new HashMap<>();
    private final Set<String> rejected = new HashSet<>();
    private String last;
    private Map<StateKey, String> stateAfterLast = Map.of();
    private Map<StateKey, String> current;
    private List<String> extremities = List.of();

    /**
     * Whether the event can follow the run in its batch: the run holds an event, the event's only
     * prev_event is the run's last one and that one is the room's only forward extremity; it is
     * neither in the run already nor a redaction (whose target the store would be asked for).
     */
    boolean takes(Pdu pdu) {
        return last != null && pdu.prevEvents().equals(List.of(last)) && extremities.equals(List.of(last))
                && !placed.containsKey(pdu.eventId()) && !"m.room.redaction".equals(pdu.type());
    }

    /** The state after the run's last event: the state before an event it {@link #takes}. */
    Map<StateKey, String> stateAfterLast() {
        return stateAfterLast;
    }

    /** The room's current state with the run's events. */
    Map<StateKey, String> current() {
        return current;
    }

    /** The room's forward extremities with the run's events. */
    List<String> extremities() {
        return extremities;
    }

    /** The event of the run with this ID, or null. */
    Pdu event(String eventId) {
        return placed.get(eventId);
    }

    /** The run's events, by ID (to look state up in before the store). */
    Map<String, Pdu> events() {
        return new HashMap<>(placed);
    }

    boolean rejected(String eventId) {
        return rejected.contains(eventId);
    }

    /**
     * The event was queued in the batch.
     *
     * @param stateAfter   the state after it (before it for a rejected event); null for an event
     *                     stored without state, which no event can follow in the run
     * @param current      the room's current state after it
     * @param extremities  the room's forward extremities after it
     */
    void placed(Pdu pdu, EventPlacement.Status status, Map<StateKey, String> stateAfter,
                Map<StateKey, String> current, List<String> extremities) {
        placed.put(pdu.eventId(), pdu);
        if (status == EventPlacement.Status.REJECTED) {
            rejected.add(pdu.eventId());
        }
        this.last = stateAfter == null ? null : pdu.eventId();
        this.stateAfterLast = stateAfter == null ? Map.of() : stateAfter;
        this.current = current;
        this.extremities = extremities;
    }
}
