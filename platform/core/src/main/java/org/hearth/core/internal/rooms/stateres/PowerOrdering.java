package org.hearth.core.internal.rooms.stateres;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.AuthState;

/**
 * The reverse topological power ordering (room version 2, "Reverse topological power
 * ordering"): auth events before the events they authorise, and among the events free to go
 * next (Kahn's algorithm) the one whose sender has the greatest power level as seen from its own
 * auth events, then the smallest {@code origin_server_ts}, then the smallest event ID.
 */
final class PowerOrdering {
    private PowerOrdering() {
    }

    static List<Pdu> sort(Set<String> eventIds, EventGraph graph, AuthRuleSet rules) {
        // an edge from each event to each event of the set in its auth chain
        Map<String, Integer> waitingFor = new HashMap<>();
        Map<String, List<String>> authorises = new HashMap<>();
        Map<String, Long> power = new HashMap<>();
        for (String id : eventIds) {
            Set<String> before = new HashSet<>(graph.authChain(id));
            before.retainAll(eventIds);
            waitingFor.put(id, before.size());
            before.forEach(b -> authorises.computeIfAbsent(b, k -> new ArrayList<>()).add(id));
            Pdu event = graph.event(id);
            power.put(id, new AuthState(rules, graph.authEventsOf(event)).powerLevels().of(event.sender()));
        }
        Comparator<Pdu> order = Comparator.<Pdu, Long>comparing(e -> power.get(e.eventId()), Comparator.reverseOrder())
                .thenComparingLong(Pdu::originServerTs)
                .thenComparing(Pdu::eventId);
        PriorityQueue<Pdu> free = new PriorityQueue<>(order);
        waitingFor.forEach((id, n) -> {
            if (n == 0) {
                free.add(graph.event(id));
            }
        });
        List<Pdu> sorted = new ArrayList<>(eventIds.size());
        while (!free.isEmpty()) {
            Pdu next = free.poll();
            sorted.add(next);
            for (String after : authorises.getOrDefault(next.eventId(), List.of())) {
                if (waitingFor.merge(after, -1, Integer::sum) == 0) {
                    free.add(graph.event(after));
                }
            }
        }
        return sorted;
    }
}
