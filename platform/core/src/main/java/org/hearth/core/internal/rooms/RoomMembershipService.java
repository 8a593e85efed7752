package org.hearth.core.internal.rooms;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.room.RoomMembership;
import org.hearth.api.store.EventStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link RoomMembership} for bundles, through the same {@link Memberships} the client endpoints use. */
@Component
public class RoomMembershipService implements RoomMembership {
    private final Memberships memberships;
    private final EventStore events;

    @Activate
    public RoomMembershipService(@Reference Memberships memberships, @Reference EventStore events) {
        this.memberships = memberships;
        this.events = events;
    }

    @Override
    public String resolve(String roomIdOrAlias) throws MatrixException {
        return memberships.resolve(roomIdOrAlias);
    }

    @Override
    public Set<UserId> members(String roomId, String membership) {
        Set<UserId> out = new HashSet<>();
        for (Map.Entry<String, String> m : events.memberships(roomId).entrySet()) {
            if (membership.equals(m.getValue())) {
                UserId.parse(m.getKey()).ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public void invite(UserId sender, String roomId, UserId target) throws MatrixException {
        memberships.change(sender, roomId, target, "invite", null, false);
    }

    @Override
    public void join(UserId user, String roomId) throws MatrixException {
        memberships.join(user, roomId, null);
    }

    @Override
    public void kick(UserId sender, String roomId, UserId target, String reason) throws MatrixException {
        memberships.change(sender, roomId, target, "leave", reason, false);
    }
}
