package org.hearth.core.internal.rooms.stateres;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.EventTypes;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * State resolution v2 (room version 2, "State resolution", used by room versions 2–11) and its
 * v2.1 variant (room version 12, MSC4297), which adds the conflicted state subgraph to the full
 * conflicted set and starts the iterative auth checks from the empty state map.
 *
 * <ol>
 *   <li>Split the states into the unconflicted state map and the conflicted state set; the full
 *       conflicted set adds the auth difference (and, v2.1, the conflicted state subgraph).
 *   <li>The power events of the full conflicted set, with the events of their auth chains in that
 *       set, in reverse topological power ordering, through the iterative auth checks from the
 *       unconflicted state map (v2.1: from the empty map).
 *   <li>The other events of the full conflicted set in mainline ordering based on the resolved
 *       power levels, through the iterative auth checks from that partial state.
 *   <li>The unconflicted state map wins over the result.
 * </ol>
 */
public final class StateResolutionV2 implements StateResolver {
    private final AuthRules rules;
    private final boolean v21;

    private StateResolutionV2(AuthRules rules, boolean v21) {
        this.rules = rules;
        this.v21 = v21;
    }

    /** State resolution v2, for room versions 2 to 11. */
    public static StateResolutionV2 v2(AuthRules rules) {
        return new StateResolutionV2(rules, false);
    }

    /** State resolution v2.1, for room version 12. */
    public static StateResolutionV2 v21(AuthRules rules) {
        return new StateResolutionV2(rules, true);
    }

    @Override
    public Map<StateTuple, String> resolve(List<Map<StateTuple, String>> stateSets, EventFetcher events) {
        StateSplit split = StateSplit.of(stateSets);
        if (split.conflicted().isEmpty()) {
            return split.unconflicted();
        }
        EventGraph graph = new EventGraph(events, rules.ruleSet());
        Set<String> full = new HashSet<>(split.conflicted());
        full.addAll(authDifference(stateSets, graph));
        if (v21) {
            full.addAll(ConflictedSubgraph.of(split.conflicted(), graph));
        }

        // step 1: power events and the events of their auth chains in the full conflicted set
        Set<String> power = new HashSet<>();
        for (String id : full) {
            if (isPowerEvent(graph.event(id))) {
                power.add(id);
                graph.authChain(id).stream().filter(full::contains).forEach(power::add);
            }
        }
        IterativeAuthChecks checks = new IterativeAuthChecks(rules, graph);
        // step 2
        Map<StateTuple, String> partial = checks.apply(v21 ? Map.of() : split.unconflicted(),
                PowerOrdering.sort(power, graph, rules.ruleSet()));

        // step 3
        Set<String> others = new HashSet<>(full);
        others.removeAll(power);
        Optional<Pdu> powerLevels = Optional.ofNullable(partial.get(StateTuple.POWER_LEVELS)).map(graph::event);
        // step 4
        Map<StateTuple, String> resolved = new HashMap<>(checks.apply(partial, MainlineOrdering.sort(others, powerLevels, graph)));
        // step 5
        resolved.putAll(split.unconflicted());
        return resolved;
    }

    /** The union of the states' full auth chains less their intersection ("Auth difference"). */
    private static Set<String> authDifference(List<Map<StateTuple, String>> stateSets, EventGraph graph) {
        Set<String> union = new HashSet<>();
        Set<String> intersection = null;
        for (Map<StateTuple, String> state : stateSets) {
            Set<String> chain = graph.authChain(state.values());
            union.addAll(chain);
            if (intersection == null) {
                intersection = new HashSet<>(chain);
            } else {
                intersection.retainAll(chain);
            }
        }
        if (intersection != null) {
            union.removeAll(intersection);
        }
        return union;
    }

    /**
     * Power levels, join rules, or a membership leave or ban sent by someone other than its
     * target ("Power events").
     */
    private static boolean isPowerEvent(Pdu event) {
        if (!event.isState()) {
            return false;
        }
        return switch (event.type()) {
            case EventTypes.POWER_LEVELS, EventTypes.JOIN_RULES -> true;
            case EventTypes.MEMBER -> {
                String membership = event.content().path("membership").asText();
                yield (membership.equals("leave") || membership.equals("ban"))
                        && !event.sender().equals(event.stateKey().get());
            }
            default -> false;
        };
    }
}
