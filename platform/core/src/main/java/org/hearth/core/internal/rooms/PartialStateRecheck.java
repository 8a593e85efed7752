package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events a room received while its state was partial, checked again once the state is
 * complete: while partial, a member the state lacked was taken from the event's own auth events
 * ({@link RemoteEvents}), so an event of a user banned before the join, or whose power was lowered
 * in the part of the state not held then, passed. As Synapse does once it has synced a
 * partial-state room, each such event (every accepted event after the join up to the completion,
 * in stream order) gets the state before it resolved again from its prev_events' states, now
 * complete, and the authorization rules run again against its auth events and that state
 * ({@link ReceivedPduAuth}, checks 4 and 5 of "Checks performed on receipt of a PDU"; not the
 * soft-failure check 6: the event was placed already). An event that fails is rejected: it leaves
 * the timeline and, a state event, the room's state. The state groups of the events after it are
 * corrected as they come; then the room's current state is resolved again across its forward
 * extremities, and the room counts as completed again at a new stream position, so that a sync
 * from a token before it sends the room whole, without the rejected state.
 *
 * <p>The completion marks the room in storage until the check has run, so a restart runs it again
 * (it finds the same: each event is compared with what is stored). {@value #CHUNK} events are read and checked under the room's lock at a time, so that a room
 * that received thousands of events while partial neither holds its lock long nor holds them
 * all in memory.
 */
final class PartialStateRecheck {
    private static final Logger LOG = LoggerFactory.getLogger(PartialStateRecheck.class);
    /** How many events one hold of the room's lock checks. */
    static final int CHUNK = 100;

    private final RoomWriter writer;
    private final RemoteEvents remoteEvents;
    private final PartialStates states;

    PartialStateRecheck(RoomWriter writer, RemoteEvents remoteEvents, PartialStates states) {
        this.writer = writer;
        this.remoteEvents = remoteEvents;
        this.states = states;
    }

    /**
     * Checks the events after the join up to the room's completion again.
     *
     * @return how many were rejected
     */
    int recheck(String roomId, String joinEventId) throws MatrixException {
        EventStore events = writer.events();
        Optional<StoredEvent> join = events.event(joinEventId);
        Long completedAt = events.partialStateCompletions().get(roomId);
        if (join.isEmpty() || completedAt == null) {
            events.rechecked(roomId);
            return 0;
        }
        RoomVersion version = writer.versionOf(roomId);
        Pdu create = remoteEvents.createOf(version, roomId); // read once, not per event
        long after = join.get().streamPosition();
        int restated = 0;
        int rejected = 0;
        while (true) {
            List<StoredEvent> chunk = events.roomEvents(roomId, after, completedAt, CHUNK, false);
            if (chunk.isEmpty()) {
                break;
            }
            int[] counts = writer.write(roomId, batch -> {
                int[] c = new int[2];
                for (StoredEvent e : chunk) {
                    EventPlacement.Status status = recheck(batch, version, roomId, create, e);
                    if (status != null) {
                        c[0]++;
                        c[1] += status == EventPlacement.Status.REJECTED ? 1 : 0;
                    }
                }
                return c;
            });
            restated += counts[0];
            rejected += counts[1];
            after = chunk.get(chunk.size() - 1).streamPosition();
        }
        if (restated > 0) {
            states.recordingCompletion(roomId, () -> writer.write(roomId, batch -> {
                restateCurrent(version, roomId);
                return null;
            }));
            LOG.info("Events of {} received while its state was partial: {} restated, {} of them rejected",
                    roomId, restated, rejected);
        } else {
            events.rechecked(roomId);
        }
        return rejected;
    }

    /**
     * One event, under the room's lock.
     *
     * @return its status when its state or status changed, else null
     */
    private EventPlacement.Status recheck(RoomBatch batch, RoomVersion version, String roomId, Pdu create,
                                          StoredEvent stored) throws MatrixException {
        EventStore events = writer.events();
        Pdu pdu = StoredEvents.pdu(stored);
        long base = 0;
        Map<StateKey, String> baseState = Map.of();
        List<Map<StateKey, String>> prevStates = new ArrayList<>();
        for (String prev : pdu.prevEvents()) {
            Optional<Long> group = events.stateGroupOf(prev);
            if (group.isPresent()) {
                Map<StateKey, String> state = events.state(group.get());
                if (base == 0) {
                    base = group.get();
                    baseState = state;
                }
                prevStates.add(state);
            }
        }
        if (prevStates.isEmpty()) {
            redactTargetOf(batch, roomId, pdu); // no state to start from: left as it was placed, accepted
            return null;
        }
        RoomHead head = writer.head(roomId);
        Map<StateKey, String> before = RoomDag.resolve(version, head.rules, prevStates, events);
        Map<String, Pdu> authEvents = RemoteEvents.byId(events.events(pdu.authEvents()));
        List<Pdu> auth = pdu.authEvents().stream().map(authEvents::get).filter(Objects::nonNull).toList();
        Map<String, Pdu> read = new HashMap<>();
        ReceivedPduAuth.Verdict verdict = new ReceivedPduAuth(head.rules).check(pdu, auth,
                create, remoteEvents.rejectedAmong(pdu.authEvents())::contains,
                key -> remoteEvents.lookup(before, key, read), key -> remoteEvents.lookup(before, key, read));
        boolean accepted = verdict.status() != EventPlacement.Status.REJECTED;
        if (accepted) {
            redactTargetOf(batch, roomId, pdu);
        }
        Map<StateKey, String> storedBefore = events.stateGroupBefore(pdu.eventId()).map(events::state).orElse(null);
        if (accepted && before.equals(storedBefore)) {
            return null;
        }
        Map<StateKey, String> own = pdu.stateKey().map(k -> Map.of(new StateKey(pdu.type(), k), pdu.eventId()))
                .orElse(Map.of());
        EventPlacement.Status status = accepted ? EventPlacement.Status.ACCEPTED : EventPlacement.Status.REJECTED;
        events.restate(roomId, pdu.eventId(), status, verdict.reason(), base, RoomDag.missingFrom(before, baseState), own);
        if (!accepted) {
            LOG.info("Event {} of {}, received while its state was partial, rejected: {}", pdu.eventId(), roomId,
                    verdict.reason());
        }
        return status;
    }

    /** A redaction that stands redacts its target now: {@link RemoteEvents} held it back while the state was partial. */
    private void redactTargetOf(RoomBatch batch, String roomId, Pdu pdu) {
        if ("m.room.redaction".equals(pdu.type())) {
            remoteEvents.redactTarget(batch, roomId, pdu);
        }
    }

    /** The users whose membership entry differs between two states of a room. */
    private static Set<String> changedMembers(Map<StateKey, String> before, Map<StateKey, String> after) {
        Set<StateKey> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        Set<String> users = new HashSet<>();
        for (StateKey k : keys) {
            if ("m.room.member".equals(k.type()) && !Objects.equals(before.get(k), after.get(k))) {
                users.add(k.stateKey());
            }
        }
        return users;
    }

    /**
     * The room's current state resolved again across its forward extremities, a rejected one
     * replaced by its prev_events; under the room's lock.
     */
    private void restateCurrent(RoomVersion version, String roomId) throws MatrixException {
        EventStore events = writer.events();
        List<String> stored = events.forwardExtremities(roomId);
        Set<String> rejected = remoteEvents.rejectedAmong(stored);
        Set<String> extremities = new LinkedHashSet<>();
        for (StoredEvent e : events.events(stored)) {
            if (rejected.contains(e.eventId())) {
                StoredEvents.pdu(e).prevEvents().stream().filter(p -> events.stateGroupOf(p).isPresent())
                        .forEach(extremities::add);
            } else {
                extremities.add(e.eventId());
            }
        }
        extremities.removeAll(remoteEvents.rejectedAmong(List.copyOf(extremities)));
        List<Map<StateKey, String>> states = new ArrayList<>();
        for (String e : extremities) {
            events.stateGroupOf(e).map(events::state).ifPresent(states::add);
        }
        if (states.isEmpty()) {
            return;
        }
        Map<StateKey, String> current = RoomDag.resolve(version, writer.head(roomId).rules, states, events);
        Map<StateKey, String> before = events.currentState(roomId);
        events.restateCurrent(roomId, current, List.copyOf(extremities));
        writer.forgetHead(roomId);
        writer.membershipsChanged(changedMembers(before, current));
    }
}
