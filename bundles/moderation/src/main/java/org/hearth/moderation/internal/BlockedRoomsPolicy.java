package org.hearth.moderation.internal;

import java.util.Set;
import org.hearth.api.event.EventPolicy;
import org.hearth.api.event.ProposedEvent;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.event.Verdict;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * No one enters a blocked room here: a local user's join, invite or knock is refused, and so is
 * another server's invite of a local user or its user's join through this server. Leaving stays
 * possible, and so does everything else (a blocked room is emptied by {@link RoomShutdown}).
 */
@Component
public class BlockedRoomsPolicy implements EventPolicy {
    private static final Set<String> ENTERING = Set.of("join", "invite", "knock");
    private final BlockedRooms blocked;

    @Activate
    public BlockedRoomsPolicy(@Reference BlockedRooms blocked) {
        this.blocked = blocked;
    }

    @Override
    public Verdict check(ProposedEvent proposed) {
        RoomEvent event = proposed.event();
        if (!"m.room.member".equals(event.type()) || !blocked.isBlocked(event.roomId())
                || !ENTERING.contains(event.content().path("membership").asText())) {
            return Verdict.ALLOW;
        }
        return Verdict.deny("This room has been blocked on this server");
    }
}
