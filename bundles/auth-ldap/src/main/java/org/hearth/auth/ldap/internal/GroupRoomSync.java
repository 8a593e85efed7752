package org.hearth.auth.ldap.internal;

import com.unboundid.ldap.sdk.DN;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Membership;
import org.hearth.api.room.RoomService;
import org.hearth.api.room.RoomViews;
import org.hearth.api.room.Viewer;
import org.hearth.api.auth.UserAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code auth_ldap.sync.group_rooms}: in each mapped room, the accounts of the group's
 * members (those who logged in once, so that their account is linked to their entry) are invited
 * by {@code sync.room_manager} and join; linked accounts no longer in the group are kicked.
 * Accounts not linked to the directory, and the room manager, are left alone. Each change is an
 * audit line; a room that fails (unknown, manager without power) is logged and the others go on.
 */
final class GroupRoomSync {
    private static final Logger LOG = LoggerFactory.getLogger(GroupRoomSync.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");

    /** What one run did. */
    record Result(int rooms, int joined, int kicked) {}

    private final Directory directory;
    private final UserAdmin userAdmin;
    private final RoomService rooms;
    private final RoomViews views;

    GroupRoomSync(Directory directory, UserAdmin userAdmin, RoomService rooms, RoomViews views) {
        this.directory = directory;
        this.userAdmin = userAdmin;
        this.rooms = rooms;
        this.views = views;
    }

    Result run() throws DirectoryUnavailableException {
        GroupRooms config = directory.config().groupRooms();
        if (config.rooms().isEmpty()) {
            return new Result(0, 0, 0);
        }
        UserId manager = config.manager().orElseThrow();
        Set<UserId> linked = new HashSet<>();
        Map<DN, Set<UserId>> members = new HashMap<>();
        for (Map.Entry<String, UserId> link : userAdmin.externalIds(LdapAuthenticator.PROVIDER).entrySet()) {
            if (!isActive(link.getValue())) {
                continue;
            }
            linked.add(link.getValue());
            Optional<DirectoryUser> user = directory.findById(link.getKey());
            if (user.isPresent()) {
                for (DN group : directory.roomGroupsOf(user.get())) {
                    members.computeIfAbsent(group, g -> new HashSet<>()).add(link.getValue());
                }
            }
        }
        int joined = 0;
        int kicked = 0;
        int synced = 0;
        for (Map.Entry<DN, String> mapping : config.rooms().entrySet()) {
            DN group = mapping.getKey();
            try {
                RoomId roomId = resolve(mapping.getValue());
                Map<UserId, Membership> current = views.members(Viewer.EVERYTHING, roomId);
                RoomPlan plan = RoomPlan.of(members.getOrDefault(group, Set.of()), linked,
                        having(current, Membership.JOIN), having(current, Membership.INVITE), manager);
                joined += add(plan, manager, roomId, group);
                kicked += remove(plan, manager, roomId, group);
                synced++;
            } catch (MatrixException e) {
                LOG.warn("LDAP sync: room {} of group {} not synced: {} {}", mapping.getValue(), group,
                        e.errcode(), e.getMessage());
            }
        }
        return new Result(synced, joined, kicked);
    }

    /** Only accounts that exist and can act are added; deactivated ones are the other pass's. */
    private boolean isActive(UserId userId) {
        Optional<UserAccount> account = userAdmin.account(userId);
        return account.isPresent() && !account.get().deactivated();
    }

    /** A room ID, or an alias of this server's (sync.group_rooms takes either). */
    private RoomId resolve(String room) throws MatrixException {
        if (room.startsWith("#")) {
            return rooms.resolve(RoomAlias.parse(room)
                    .orElseThrow(() -> MatrixException.invalidParam("Invalid room alias " + room)));
        }
        return RoomId.parse(room).orElseThrow(() -> MatrixException.invalidParam("Invalid room ID " + room));
    }

    private static Set<UserId> having(Map<UserId, Membership> members, Membership membership) {
        Set<UserId> out = new HashSet<>();
        members.forEach((user, m) -> {
            if (m == membership) {
                out.add(user);
            }
        });
        return out;
    }

    private int add(RoomPlan plan, UserId manager, RoomId roomId, DN group) throws MatrixException {
        for (UserId user : plan.invite()) {
            rooms.invite(manager, roomId, user, null);
            AUDIT.info("ldap sync: {} invited {} to {} (group {})", manager, user, roomId, group);
        }
        for (UserId user : plan.join()) {
            rooms.join(user, roomId, null);
            AUDIT.info("ldap sync: {} joined {} (group {})", user, roomId, group);
        }
        return plan.join().size();
    }

    private int remove(RoomPlan plan, UserId manager, RoomId roomId, DN group) throws MatrixException {
        String reason = "removed from directory group " + group;
        for (UserId user : plan.kick()) {
            rooms.kick(manager, roomId, user, reason);
            AUDIT.info("ldap sync: {} kicked {} from {}: {}", manager, user, roomId, reason);
        }
        return plan.kick().size();
    }
}
