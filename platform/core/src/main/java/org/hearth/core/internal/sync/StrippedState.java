package org.hearth.core.internal.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ClientEvents;

/**
 * The stripped state an invited or knocking user sees of a room (Client-Server API, "Stripped
 * state"): the events that name and describe it, and the user's own membership event.
 */
public final class StrippedState {
    private static final Set<String> TYPES = Set.of("m.room.create", "m.room.join_rules", "m.room.name",
            "m.room.avatar", "m.room.canonical_alias", "m.room.encryption", "m.room.topic");

    private StrippedState() {
    }

    public static ArrayNode of(EventStore events, String roomId, StoredEvent membership) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        List<String> ids = new ArrayList<>();
        events.currentState(roomId).forEach((key, id) -> {
            if (TYPES.contains(key.type())) {
                ids.add(id);
            }
        });
        events.events(ids).forEach(e -> out.add(ClientEvents.stripped(e)));
        out.add(ClientEvents.stripped(membership));
        return out;
    }
}
