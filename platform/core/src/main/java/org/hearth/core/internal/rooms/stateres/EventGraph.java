package org.hearth.core.internal.rooms.stateres;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.CreateEventRules;
import org.hearth.core.internal.rooms.auth.EventTypes;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * The auth event graph as one resolution sees it: events fetched once, and the auth chain of an
 * event, "the events reachable by walking the graph induced by an event's auth_events links"
 * (room version 2, "Auth chain"), computed once and kept for the resolution's duration.
 *
 * <p>Auth chains are walked in memory, which suits rooms of modest size; a store that indexes
 * auth chains could later answer {@link #authChain} instead.
 */
final class EventGraph {
    private final EventFetcher fetcher;
    private final AuthRuleSet rules;
    private final Map<String, Pdu> events = new HashMap<>();
    private final Map<String, Set<String>> chains = new HashMap<>();

    EventGraph(EventFetcher fetcher, AuthRuleSet rules) {
        this.fetcher = fetcher;
        this.rules = rules;
    }

    Pdu event(String eventId) {
        Pdu event = events.get(eventId);
        if (event == null) {
            event = fetcher.fetch(eventId).orElseThrow(() -> new MissingEventException(eventId));
            events.put(eventId, event);
        }
        return event;
    }

    /** The auth chain of one event (without the event itself). */
    Set<String> authChain(String eventId) {
        Set<String> known = chains.get(eventId);
        if (known != null) {
            return known;
        }
        // depth-first along one path at a time; an event's chain is built once its auth events' are
        Deque<String> path = new ArrayDeque<>();
        Set<String> onPath = new HashSet<>();
        path.push(eventId);
        onPath.add(eventId);
        while (!path.isEmpty()) {
            String top = path.peek();
            Optional<String> next = event(top).authEvents().stream().filter(a -> !chains.containsKey(a)).findFirst();
            if (next.isPresent()) {
                if (!onPath.add(next.get())) {
                    throw new IllegalStateException("auth events form a cycle through " + next.get());
                }
                path.push(next.get());
            } else {
                Set<String> chain = new HashSet<>();
                for (String auth : event(top).authEvents()) {
                    chain.add(auth);
                    chain.addAll(chains.get(auth));
                }
                chains.put(top, chain);
                path.pop();
                onPath.remove(top);
            }
        }
        return chains.get(eventId);
    }

    /** The union of the auth chains of several events. */
    Set<String> authChain(Collection<String> eventIds) {
        Set<String> chain = new HashSet<>();
        for (String id : eventIds) {
            chain.addAll(authChain(id));
        }
        return chain;
    }

    /** The {@code m.room.power_levels} event among an event's auth events. */
    Optional<Pdu> powerLevelsAuthEvent(Pdu event) {
        for (String id : event.authEvents()) {
            Pdu auth = event(id);
            if (auth.type().equals(EventTypes.POWER_LEVELS) && auth.stateKey().equals(Optional.of(""))) {
                return Optional.of(auth);
            }
        }
        return Optional.empty();
    }

    /**
     * An event's auth events that were not rejected, by key; from room version 12 on with the
     * create event its room ID names, which is no longer among them.
     */
    Map<StateTuple, Pdu> authEventsOf(Pdu event) {
        Map<StateTuple, Pdu> state = new LinkedHashMap<>();
        if (rules.roomIdIsCreateEventId() && event.roomId() != null) {
            String createId = CreateEventRules.createEventIdFor(event.roomId());
            if (!fetcher.isRejected(createId)) {
                state.put(StateTuple.CREATE, event(createId));
            }
        }
        for (String id : event.authEvents()) {
            Pdu auth = event(id);
            if (auth.isState() && !fetcher.isRejected(id)) {
                state.put(StateTuple.of(auth), auth);
            }
        }
        return state;
    }
}
