package org.hearth.auth.ldap.internal;

import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hearth.api.id.UserId;

/**
 * What one room needs so that its members follow one directory group: a pure decision, the
 * room is changed by {@link GroupRoomSync}. The sets are ordered by user ID, so that a pass
 * acts and logs in the same order each time.
 *
 * @param invite the room manager invites these (in the group, neither joined nor invited yet)
 * @param join   these join, after their invite (in the group, not joined)
 * @param kick   the room manager removes these (joined or invited, linked to the directory, out
 *               of the group)
 */
record RoomPlan(Set<UserId> invite, Set<UserId> join, Set<UserId> kick) {
    private static final Comparator<UserId> BY_ID = Comparator.comparing(UserId::toString);

    /**
     * @param inGroup the accounts of the group's members (direct and nested)
     * @param linked  every account linked to a directory entry: only those are ever removed
     * @param joined  the room's joined members
     * @param invited the room's invited members
     * @param manager never added nor removed, whatever the directory says
     */
    static RoomPlan of(Set<UserId> inGroup, Set<UserId> linked, Set<UserId> joined, Set<UserId> invited,
                       UserId manager) {
        // the manager is never touched: it cannot invite itself, and kicking it would end the sync
        Set<UserId> join = sorted(inGroup.stream(), user -> !joined.contains(user) && !user.equals(manager));
        Set<UserId> invite = sorted(join.stream(), user -> !invited.contains(user));
        Set<UserId> kick = sorted(Stream.concat(joined.stream(), invited.stream()),
                user -> linked.contains(user) && !inGroup.contains(user) && !user.equals(manager));
        return new RoomPlan(invite, join, kick);
    }

    private static Set<UserId> sorted(Stream<UserId> users, Predicate<UserId> keep) {
        Set<UserId> out = new TreeSet<>(BY_ID);
        users.filter(keep).forEach(out::add);
        return out;
    }
}
