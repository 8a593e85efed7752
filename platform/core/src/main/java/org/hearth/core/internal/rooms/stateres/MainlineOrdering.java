package org.hearth.core.internal.rooms.stateres;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.core.internal.event.Pdu;

/**
 * The mainline ordering (room version 2, "Mainline ordering"): the mainline is a power levels
 * event followed by the power levels events each cites in its {@code auth_events}; an event's
 * mainline position is the index of the first mainline event reached the same way from the event,
 * and events go in order of greater position first, then smaller {@code origin_server_ts}, then
 * smaller event ID.
 */
final class MainlineOrdering {
    /** The position of an event whose power levels never reach the mainline. */
    private static final int INFINITY = Integer.MAX_VALUE;

    private MainlineOrdering() {
    }

    /** Orders events by the mainline of {@code powerLevels}; without one, every position is infinite. */
    static List<Pdu> sort(Set<String> eventIds, Optional<Pdu> powerLevels, EventGraph graph) {
        Map<String, Integer> mainline = new HashMap<>();
        Optional<Pdu> p = powerLevels;
        while (p.isPresent()) {
            mainline.put(p.get().eventId(), mainline.size());
            p = graph.powerLevelsAuthEvent(p.get());
        }
        Map<String, Integer> position = new HashMap<>();
        List<Pdu> events = new ArrayList<>();
        for (String id : eventIds) {
            Pdu event = graph.event(id);
            events.add(event);
            position.put(id, position(event, mainline, graph));
        }
        events.sort(Comparator.<Pdu, Integer>comparing(e -> position.get(e.eventId()), Comparator.reverseOrder())
                .thenComparingLong(Pdu::originServerTs)
                .thenComparing(Pdu::eventId));
        return events;
    }

    /** The smallest j >= 1 whose e_j is on the mainline gives e_j's index there. */
    private static int position(Pdu event, Map<String, Integer> mainline, EventGraph graph) {
        Optional<Pdu> e = graph.powerLevelsAuthEvent(event);
        while (e.isPresent()) {
            Integer index = mainline.get(e.get().eventId());
            if (index != null) {
                return index;
            }
            e = graph.powerLevelsAuthEvent(e.get());
        }
        return INFINITY;
    }
}
