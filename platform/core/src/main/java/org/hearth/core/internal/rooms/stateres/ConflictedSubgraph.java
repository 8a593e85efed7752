package org.hearth.core.internal.rooms.stateres;

import java.util.HashSet;
import java.util.Set;

/**
 * The conflicted state subgraph of state resolution v2.1 (room version 12, "Conflicted state
 * subgraph", MSC4297): every event on an {@code auth_events} path from one event of the
 * conflicted state set to another, endpoints included.
 */
final class ConflictedSubgraph {
    private ConflictedSubgraph() {
    }

    static Set<String> of(Set<String> conflicted, EventGraph graph) {
        Set<String> subgraph = new HashSet<>(conflicted);
        // below some conflicted event, and above another one
        for (String below : graph.authChain(conflicted)) {
            Set<String> chain = graph.authChain(below);
            if (conflicted.stream().anyMatch(chain::contains)) {
                subgraph.add(below);
            }
        }
        return subgraph;
    }
}
