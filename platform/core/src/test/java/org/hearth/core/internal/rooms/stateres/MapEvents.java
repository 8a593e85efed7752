package org.hearth.core.internal.rooms.stateres;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.core.internal.event.Pdu;

/** Events held in a map, as an {@link EventFetcher}; some may be marked rejected. */
final class MapEvents implements EventFetcher {
    private final Map<String, Pdu> events = new LinkedHashMap<>();
    private final Set<String> rejected = new HashSet<>();

    static MapEvents of(List<Pdu> events) {
        MapEvents map = new MapEvents();
        events.forEach(map::add);
        return map;
    }

    MapEvents add(Pdu event) {
        events.put(event.eventId(), event);
        return this;
    }

    MapEvents reject(Pdu event) {
        rejected.add(event.eventId());
        return this;
    }

    @Override
    public Optional<Pdu> fetch(String eventId) {
        return Optional.ofNullable(events.get(eventId));
    }

    @Override
    public boolean isRejected(String eventId) {
        return rejected.contains(eventId);
    }
}
