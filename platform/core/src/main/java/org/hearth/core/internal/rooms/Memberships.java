package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Membership changes (Client-Server API, "Room membership"): join, invite, leave, kick, ban,
 * unban, knock. Each is an {@code m.room.member} event; whether it is allowed is for the room
 * version's authorization rules to say. Rooms on other servers need federation, which this
 * server does not have yet: they are unknown rooms here (404).
 */
@Component(service = Memberships.class)
public class Memberships {
    private static final Set<String> KICKABLE = Set.of("join", "invite", "knock");
    private final RoomWriter writer;
    private final RoomStore rooms;
    private final AccountStore accounts;
    private final UserDataStore userData;
    private final LocalServer server;

    @Activate
    public Memberships(@Reference RoomWriter writer, @Reference RoomStore rooms, @Reference AccountStore accounts,
                       @Reference UserDataStore userData, @Reference LocalServer server) {
        this.writer = writer;
        this.rooms = rooms;
        this.accounts = accounts;
        this.userData = userData;
        this.server = server;
    }

    /** The room a room ID or alias names: 404 {@code M_NOT_FOUND} when unknown here. */
    public String resolve(String roomIdOrAlias) throws MatrixException {
        if (roomIdOrAlias.startsWith("#")) {
            return rooms.roomOfAlias(roomIdOrAlias)
                    .orElseThrow(() -> MatrixException.notFound("Room alias " + roomIdOrAlias + " not found"));
        }
        RoomAccess.checkRoomId(roomIdOrAlias);
        rooms.room(roomIdOrAlias).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomIdOrAlias));
        return roomIdOrAlias;
    }

    /** The user joins; returns the room ID. */
    public String join(UserId user, String roomIdOrAlias, String reason) throws MatrixException {
        return join(user, roomIdOrAlias, reason, Map.of());
    }

    /**
     * The user joins with extra fields in the member event's content (the body of
     * {@code POST /join}, as Synapse keeps it); the fields the server sets win over them.
     */
    public String join(UserId user, String roomIdOrAlias, String reason, Map<String, JsonNode> extra)
            throws MatrixException {
        String roomId = resolve(roomIdOrAlias);
        ObjectNode content = memberContent("join", user, reason, false);
        extra.forEach((field, value) -> {
            if (!SERVER_FIELDS.contains(field) && !content.has(field)) {
                content.set(field, value);
            }
        });
        writer.send(NewRoomEvent.state(roomId, user, "m.room.member", user.toString(), content));
        userData.unforget(user, roomId);
        return roomId;
    }

    /**
     * Fields of a member event a client may not choose: the membership itself, and what the
     * authorisation rules read as a server's word (restricted joins, third-party invites).
     */
    private static final Set<String> SERVER_FIELDS = Set.of("membership", "join_authorised_via_users_server",
            "third_party_invite", "third_party_signed", "reason");

    /** The user joins a room known here; a room they had forgotten shows again. Joining again with the same profile changes nothing. */
    public String joinKnown(UserId user, String roomId, String reason) throws MatrixException {
        String eventId = change(user, roomId, user, "join", reason, false);
        userData.unforget(user, roomId);
        return eventId;
    }

    /** What one user does to another's membership. */
    public enum Action {
        INVITE("invite"),
        /** Only someone joined, invited or knocking can be kicked. */
        KICK("leave"),
        BAN("ban"),
        /** Only someone banned can be unbanned. */
        UNBAN("leave");

        final String membership;

        Action(String membership) {
            this.membership = membership;
        }
    }

    /**
     * {@code sender} invites, kicks, bans or unbans {@code target} (Client-Server API, "Room
     * membership"): 403 {@code M_FORBIDDEN} when the target is not in a state the action applies
     * to (kicking someone not in the room, unbanning someone not banned), else as the
     * authorization rules say.
     *
     * @param direct marks an invite as a direct chat ({@code is_direct})
     * @return the event ID
     */
    public String act(UserId sender, String roomId, UserId target, Action action, String reason, boolean direct)
            throws MatrixException {
        NewRoomEvent event = event(sender, roomId, target, action.membership, reason, direct);
        return writer.write(roomId, batch -> {
            String current = batch.membership(roomId, target);
            if (action == Action.KICK && !KICKABLE.contains(current)) {
                throw MatrixException.forbidden(target + " is not in the room");
            }
            if (action == Action.UNBAN && !"ban".equals(current)) {
                throw MatrixException.forbidden(target + " is not banned");
            }
            return batch.send(event);
        });
    }

    /** Sets the user's own membership: join, leave, knock. */
    public String change(UserId user, String roomId, String membership, String reason) throws MatrixException {
        return change(user, roomId, user, membership, reason, false);
    }

    private String change(UserId sender, String roomId, UserId target, String membership, String reason,
                          boolean direct) throws MatrixException {
        return writer.send(event(sender, roomId, target, membership, reason, direct));
    }

    /**
     * The membership event that sets {@code target}'s membership in the room; 403 for a user of
     * another server that cannot be reached.
     *
     * @param roomId null for a room being created
     */
    NewRoomEvent event(UserId sender, String roomId, UserId target, String membership, String reason, boolean direct)
            throws MatrixException {
        if (!server.isLocal(target) && !"leave".equals(membership) && !"ban".equals(membership)) {
            throw MatrixException.forbidden("Users of other servers cannot be reached: federation is not enabled");
        }
        return NewRoomEvent.state(roomId, sender, "m.room.member", target.toString(),
                memberContent(membership, target, reason, direct));
    }

    /** The content of a member event, with the local user's display name. */
    ObjectNode memberContent(String membership, UserId user, String reason, boolean direct) {
        ObjectNode content = JsonNodeFactory.instance.objectNode().put("membership", membership);
        if ("join".equals(membership) || "invite".equals(membership)) {
            accounts.find(user).map(Account::displayName).ifPresent(name -> content.put("displayname", name));
        }
        if (reason != null) {
            content.put("reason", reason);
        }
        if (direct) {
            content.put("is_direct", true);
        }
        return content;
    }
}
