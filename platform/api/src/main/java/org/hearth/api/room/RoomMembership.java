package org.hearth.api.room;

import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Membership changes a bundle makes on behalf of local users, provided by core. Each change is
 * an ordinary {@code m.room.member} event: the room's authorization rules and every
 * {@code EventPolicy} apply, exactly as when the users act through a client.
 */
@ProviderType
public interface RoomMembership {

    /** The room a room ID or a local alias names; 404 {@code M_NOT_FOUND} when unknown. */
    String resolve(String roomIdOrAlias) throws MatrixException;

    /** The users whose current membership in the room is the given one (join, invite, leave, ban, knock). */
    Set<UserId> members(String roomId, String membership);

    /** {@code sender} invites {@code target}. */
    void invite(UserId sender, String roomId, UserId target) throws MatrixException;

    /** {@code user} joins (allowed when invited, or when the room is public). */
    void join(UserId user, String roomId) throws MatrixException;

    /** {@code sender} removes {@code target} (membership leave). */
    void kick(UserId sender, String roomId, UserId target, String reason) throws MatrixException;
}
