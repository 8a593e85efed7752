package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.core.internal.rooms.Typing;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code typing}: who types in the matched rooms, for each room whose typers changed since the
 * connection's typing position (or, for a room sent in full, whenever someone types).
 */
@Component(service = SlidingSyncExtension.class)
public class TypingExtension implements SlidingSyncExtension {
    static final String NAME = "typing";
    static final String POSITION = "typing";
    private final Typing typing;

    @Activate
    public TypingExtension(@Reference Typing typing) {
        this.typing = typing;
    }

    @Override
    public boolean addTo(ObjectNode extensions, Context context) {
        if (!context.enabled(NAME)) {
            return false;
        }
        long since = context.position(POSITION);
        long upTo = typing.current();
        ObjectNode rooms = extensions.putObject(NAME).putObject("rooms");
        for (String roomId : context.rooms()) {
            boolean full = context.newConnection() || context.initialRooms().contains(roomId);
            if (full ? !typing.typers(roomId).isEmpty() : typing.changedSince(roomId, since)) {
                ObjectNode event = rooms.putObject(roomId);
                event.put("type", "m.typing");
                ArrayNode users = event.putObject("content").putArray("user_ids");
                typing.typers(roomId).forEach(users::add);
            }
        }
        context.positions().put(POSITION, Math.max(since, upTo));
        return !rooms.isEmpty();
    }
}
