package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        String roomId = resolve(roomIdOrAlias);
        joinKnown(user, roomId, reason);
        return roomId;
    }

    /** The user joins a room known here; a room they had forgotten shows again. */
    public RoomWriter.Sent joinKnown(UserId user, String roomId, String reason) throws MatrixException {
        RoomWriter.Sent sent = change(user, roomId, user, "join", reason, false);
        userData.unforget(user, roomId);
        return sent;
    }

    /**
     * Sends the membership event that sets {@code target}'s membership in the room.
     *
     * @param direct marks an invite as a direct chat ({@code is_direct})
     */
    public RoomWriter.Sent change(UserId sender, String roomId, UserId target, String membership, String reason,
                                  boolean direct) throws MatrixException {
        if (!server.isLocal(target) && !"leave".equals(membership) && !"ban".equals(membership)) {
            throw MatrixException.forbidden("Users of other servers cannot be reached: federation is not enabled");
        }
        return writer.send(NewRoomEvent.state(roomId, sender, "m.room.member", target.toString(),
                memberContent(membership, target, reason, direct)));
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
