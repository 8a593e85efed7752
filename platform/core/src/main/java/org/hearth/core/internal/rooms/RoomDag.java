package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.rooms.stateres.EventFetcher;
import org.hearth.core.internal.rooms.stateres.StateResolvers;

/**
 * The room DAG's state questions (Server-Server API, "Room State Resolution"): the state before
 * an event is the state after its prev_event, or the resolution of the states after its
 * prev_events when there are several; a room's current state is the resolution of the states
 * after its forward extremities.
 */
final class RoomDag {
    private RoomDag() {
    }

    /** The prev_events of a new event: the forward extremities, at most {@link RoomHead#MAX_PREV_EVENTS}. */
    static List<String> prevEvents(List<String> extremities) {
        return extremities.size() <= RoomHead.MAX_PREV_EVENTS ? extremities
                : extremities.subList(0, RoomHead.MAX_PREV_EVENTS);
    }

    /** The extremities after an event on top of {@code prevEvents}: it, and those it does not follow. */
    static List<String> extremitiesAfter(List<String> extremities, List<String> prevEvents, String eventId) {
        List<String> after = new ArrayList<>();
        after.add(eventId);
        for (String e : extremities) {
            if (!prevEvents.contains(e) && !e.equals(eventId)) {
                after.add(e);
            }
        }
        return after;
    }

    /** The entries of {@code full} that {@code base} lacks or has otherwise. */
    static Map<StateKey, String> missingFrom(Map<StateKey, String> full, Map<StateKey, String> base) {
        Map<StateKey, String> delta = new HashMap<>();
        full.forEach((key, eventId) -> {
            if (!eventId.equals(base.get(key))) {
                delta.put(key, eventId);
            }
        });
        return delta;
    }

    /**
     * The resolution of several states of a room (one state is itself); the events they name and
     * their auth chains are read from the store.
     */
    static Map<StateKey, String> resolve(RoomVersion version, AuthRules rules, List<Map<StateKey, String>> states,
                                         EventStore events) {
        return resolve(version, rules, states, events, null);
    }

    /**
     * The same, where one of the states names {@code received}, an event being received and not
     * stored yet (the current state after it is resolved before it is written).
     */
    static Map<StateKey, String> resolve(RoomVersion version, AuthRules rules, List<Map<StateKey, String>> states,
                                         EventStore events, Pdu received) {
        List<Map<StateKey, String>> distinct = new ArrayList<>(new LinkedHashSet<>(states));
        if (distinct.size() == 1) {
            return distinct.get(0);
        }
        List<Map<StateTuple, String>> sets = new ArrayList<>();
        for (Map<StateKey, String> state : distinct) {
            Map<StateTuple, String> set = new HashMap<>();
            state.forEach((k, v) -> set.put(new StateTuple(k.type(), k.stateKey()), v));
            sets.add(set);
        }
        Map<StateTuple, String> resolved = StateResolvers.of(version, rules).resolve(sets, new StoreFetcher(events, received));
        Map<StateKey, String> out = new HashMap<>();
        resolved.forEach((k, v) -> out.put(new StateKey(k.type(), k.stateKey()), v));
        return out;
    }

    /** State resolution reading the event store, each event once. */
    private static final class StoreFetcher implements EventFetcher {
        private final EventStore events;
        private final Map<String, Optional<Pdu>> fetched = new HashMap<>();
        private final Set<String> rejected = new HashSet<>();
        private final Set<String> flagged = new HashSet<>();

        StoreFetcher(EventStore events, Pdu received) {
            this.events = events;
            if (received != null) {
                fetched.put(received.eventId(), Optional.of(received));
            }
        }

        @Override
        public Optional<Pdu> fetch(String eventId) {
            return fetched.computeIfAbsent(eventId, id -> events.event(id).map(StoredEvents::pdu));
        }

        @Override
        public boolean isRejected(String eventId) {
            if (flagged.add(eventId)) {
                for (EventFlags f : events.flags(List.of(eventId))) {
                    if (f.status() == EventPlacement.Status.REJECTED) {
                        rejected.add(eventId);
                    }
                }
            }
            return rejected.contains(eventId);
        }
    }
}
