package org.hearth.core.internal.rooms.stateres;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.AuthEventSelection;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * The iterative auth checks (room version 2, "Iterative auth checks"): each event in turn is
 * checked against the state built so far and, if allowed, becomes part of it. A key the rules
 * need that the state lacks is taken from the event's own auth events, unless that auth event
 * was rejected.
 */
final class IterativeAuthChecks {
    private final AuthRules rules;
    private final AuthEventSelection selection;
    private final EventGraph graph;

    IterativeAuthChecks(AuthRules rules, EventGraph graph) {
        this.rules = rules;
        this.selection = new AuthEventSelection(rules.ruleSet());
        this.graph = graph;
    }

    /** The state after applying the allowed events of {@code events}, in order, to {@code initial}. */
    Map<StateTuple, String> apply(Map<StateTuple, String> initial, List<Pdu> events) {
        Map<StateTuple, String> state = new HashMap<>(initial);
        for (Pdu event : events) {
            Map<StateTuple, Pdu> authState = graph.authEventsOf(event);
            // the state built so far wins; only the fallback to auth events skips rejected ones
            for (StateTuple key : selection.keys(event)) {
                String id = state.get(key);
                if (id != null) {
                    authState.put(key, graph.event(id));
                }
            }
            if (rules.check(event, authState).allowed()) {
                state.put(StateTuple.of(event), event.eventId());
            }
        }
        return state;
    }
}
