package org.hearth.core.internal.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.VisiblePages;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code event_context} of a search result: the events around it that the user may see (as
 * served to the user: {@link ErasedSenders}), and
 * the senders' profiles as they were when they sent them ("historic profile information").
 */
@Component(service = SearchContext.class)
public class SearchContext {
    /** Most events before (and after) a result. */
    public static final int MAX_CONTEXT = 50;

    private final EventStore events;
    private final ErasedSenders erased;

    /** The events before (newest first) and after a result, with the tokens where they stop. */
    public record Context(List<StoredEvent> before, List<StoredEvent> after, long start, long end) {}

    @Activate
    public SearchContext(@Reference EventStore events, @Reference ErasedSenders erased) {
        this.events = events;
        this.erased = erased;
    }

    public Context around(RoomView view, StoredEvent event, int before, int after) {
        long position = event.streamPosition();
        List<StoredEvent> earlier = before == 0 ? List.of()
                : VisiblePages.page(events, view, position - 1, 0, true, before, e -> true).events();
        List<StoredEvent> later = after == 0 ? List.of()
                : VisiblePages.page(events, view, position, events.currentStreamPosition(), false, after, e -> true)
                        .events();
        long start = earlier.isEmpty() ? position - 1 : earlier.get(earlier.size() - 1).streamPosition() - 1;
        long end = later.isEmpty() ? position : later.get(later.size() - 1).streamPosition();
        return new Context(erased.served(view, earlier), erased.served(view, later), start, end);
    }

    /** The display name and avatar of each sender from the room state at each one's event. */
    public Map<String, ObjectNode> profiles(List<StoredEvent> sent) {
        Map<String, ObjectNode> profiles = new LinkedHashMap<>();
        Map<Long, Map<StateKey, String>> states = new HashMap<>();
        for (StoredEvent e : sent) {
            if (profiles.containsKey(e.sender())) {
                continue;
            }
            Map<StateKey, String> state = events.stateGroupOf(e.eventId())
                    .map(group -> states.computeIfAbsent(group, events::state)).orElse(Map.of());
            String memberEvent = state.get(new StateKey("m.room.member", e.sender()));
            ObjectNode profile = JsonNodeFactory.instance.objectNode();
            if (memberEvent != null) {
                events.event(memberEvent).ifPresent(m -> {
                    JsonNode content = Json.stored(m.json()).path("content");
                    if (content.path("displayname").isTextual()) {
                        profile.put("displayname", content.path("displayname").asText());
                    }
                    if (content.path("avatar_url").isTextual()) {
                        profile.put("avatar_url", content.path("avatar_url").asText());
                    }
                });
            }
            profiles.put(e.sender(), profile);
        }
        return profiles;
    }
}
