package org.hearth.core.internal.rooms;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.ServerName;
import org.hearth.api.spi.storage.EventStore;

/**
 * What push rules read of a room's membership (spec "Push Rules": {@code room_member_count} and
 * who hears of an event): how many members are joined, and which joined members are users of
 * this server. Kept in memory with the room's head, so that a send reads no membership; a batch
 * derives the next one for each member event it adds. Immutable.
 */
public final class RoomMembers {
    static final RoomMembers NONE = new RoomMembers(0, Set.of());

    private final int joined;
    private final Set<String> localJoined;

    private RoomMembers(int joined, Set<String> localJoined) {
        this.joined = joined;
        this.localJoined = localJoined;
    }

    /**
     * The room's current members, from the store: the joined ones counted, this server's read
     * (not every member of a large room).
     */
    public static RoomMembers current(EventStore events, String roomId, ServerName self) {
        return of(events.joinedCount(roomId), events.memberships(roomId, self));
    }

    /** From how many members are joined and the memberships of this server's users (user ID → membership). */
    static RoomMembers of(int joined, Map<String, String> localMemberships) {
        Set<String> local = new HashSet<>();
        localMemberships.forEach((user, membership) -> {
            if ("join".equals(membership)) {
                local.add(user);
            }
        });
        return new RoomMembers(joined, Set.copyOf(local));
    }

    /** The members after the user's membership went from {@code before} to {@code after}. */
    RoomMembers with(String userId, String before, String after, String localSuffix) {
        boolean was = "join".equals(before);
        boolean is = "join".equals(after);
        if (was == is) {
            return this;
        }
        Set<String> local = localJoined;
        if (userId.endsWith(localSuffix)) {
            Set<String> changed = new HashSet<>(localJoined);
            if (is) {
                changed.add(userId);
            } else {
                changed.remove(userId);
            }
            local = Set.copyOf(changed);
        }
        return new RoomMembers(joined + (is ? 1 : -1), local);
    }

    /** How many members are joined, local or not. */
    public int joined() {
        return joined;
    }

    /** The joined members of this server. */
    public Set<String> localJoined() {
        return localJoined;
    }
}
