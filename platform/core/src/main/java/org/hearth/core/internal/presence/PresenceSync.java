package org.hearth.core.internal.presence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.rooms.SharedRooms;
import org.hearth.core.internal.rooms.UserMemberships;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code presence} section of a {@code /sync} answer: the {@code m.presence} events of the
 * users whose presence changed after the token's {@code p} position (in an initial sync, of
 * everyone with a presence), limited to the user and those who share a joined room with them
 * ("Presence": presence is published to users who share a room), and the presence of users who
 * came to share a room with them.
 */
@Component(service = PresenceSync.class)
public class PresenceSync {
    private final Presence presence;
    private final UserMemberships memberships;

    @Activate
    public PresenceSync(@Reference Presence presence, @Reference UserMemberships memberships) {
        this.presence = presence;
        this.memberships = memberships;
    }

    /** Read before anything else of the sync, so that no change below it is missed. */
    public long position() {
        return presence.current();
    }

    /**
     * The presence contents to show, by user, of the changes in (since, upTo]; since 0 for an
     * initial sync. The users who came to share a room with the user ({@link SharedRooms.Changes#joined},
     * none in an initial sync) are shown as they are now whether or not they changed: the client
     * has no presence of them yet (Synapse does the same; SyTest checks it). {@code peeked}: the
     * members of rooms the user peeks into, whose changes are shown too.
     */
    public Map<UserId, JsonNode> changes(UserId user, long since, long upTo, Set<UserId> cameToShare,
                                         Set<UserId> peeked) {
        Map<UserId, JsonNode> out = new LinkedHashMap<>();
        if (!presence.enabled()) {
            return out;
        }
        List<UserId> changed = presence.changed(since, upTo);
        if (!changed.isEmpty()) {
            Set<UserId> shown = new HashSet<>(memberships.sharingJoinedRoom(user, changed));
            if (changed.contains(user)) {
                shown.add(user);
            }
            shown.addAll(peeked); // the members of rooms the user peeks into ("Peeking")
            for (UserId other : changed) {
                if (shown.contains(other)) {
                    out.put(other, presence.content(other));
                }
            }
        }
        for (UserId other : cameToShare) {
            out.computeIfAbsent(other, presence::content);
        }
        return out;
    }
}
