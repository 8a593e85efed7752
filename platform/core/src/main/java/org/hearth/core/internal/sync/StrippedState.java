package org.hearth.core.internal.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.InviteRoomState;

/**
 * The stripped state an invited or knocking user sees of a room (Client-Server API, "Stripped
 * state"): the events that name and describe it, the inviter's membership (who invited them, as
 * Synapse shows it), then the user's own membership event.
 */
public final class StrippedState {
    private static final Set<String> TYPES = Set.of("m.room.create", "m.room.join_rules", "m.room.name",
            "m.room.avatar", "m.room.canonical_alias", "m.room.encryption", "m.room.topic");

    private StrippedState() {
    }

    public static List<StoredEvent> of(EventStore events, String roomId, StoredEvent membership) {
        List<String> ids = new ArrayList<>();
        events.currentState(roomId).forEach((key, id) -> {
            // an invite is the one membership here another user sends: its sender is the inviter
            if (TYPES.contains(key.type()) || !membership.sender().equals(membership.stateKey())
                    && "m.room.member".equals(key.type()) && key.stateKey().equals(membership.sender())) {
                ids.add(id);
            }
        });
        // A room this server is not in: what the inviting server told of it
        List<StoredEvent> out = new ArrayList<>(ids.isEmpty() ? InviteRoomState.of(membership) : events.events(ids));
        out.add(membership);
        return out;
    }
}
