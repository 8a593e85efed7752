package org.hearth.api.room;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Acting in rooms as a local user, for bundles (bridges, directory sync, moderation, scripts).
 * Provided by core. Every call takes the same path as the user's own client request: the room
 * version's authorization rules, every {@link org.hearth.api.event.EventPolicy}, signing, one
 * durable transaction, then the waiting syncs and the event stream. A refusal is the
 * {@link MatrixException} a client would get (403 {@code M_FORBIDDEN}, 404 {@code M_NOT_FOUND}, …).
 */
@ProviderType
public interface RoomService {
    /** Creates a room; atomic: a refused or failed creation leaves nothing behind. */
    RoomId create(UserId creator, RoomSpec spec) throws MatrixException;

    /** The room an alias names; 404 {@code M_NOT_FOUND} when unknown. */
    RoomId resolve(RoomAlias alias) throws MatrixException;

    /** Sends a message event. */
    EventId send(UserId sender, RoomId room, String type, JsonNode content) throws MatrixException;

    /** Sets a piece of state. */
    EventId setState(UserId sender, RoomId room, String type, String stateKey, JsonNode content)
            throws MatrixException;

    /** Redacts an event (Client-Server API, "Redactions"). */
    EventId redact(UserId sender, RoomId room, EventId target, String reason) throws MatrixException;

    EventId invite(UserId sender, RoomId room, UserId target, String reason) throws MatrixException;

    /** {@code user} joins (allowed when invited, or when the join rules let them). */
    EventId join(UserId user, RoomId room, String reason) throws MatrixException;

    EventId leave(UserId user, RoomId room, String reason) throws MatrixException;

    /** {@code sender} removes {@code target}, who must be joined, invited or knocking. */
    EventId kick(UserId sender, RoomId room, UserId target, String reason) throws MatrixException;

    EventId ban(UserId sender, RoomId room, UserId target, String reason) throws MatrixException;

    EventId unban(UserId sender, RoomId room, UserId target, String reason) throws MatrixException;

    /**
     * {@code user} forgets a room they are no longer in: it leaves their syncs (Client-Server API,
     * "Leaving rooms"); 400 while they are joined, invited or knocking.
     */
    void forget(UserId user, RoomId room) throws MatrixException;

    /** The aliases of this server that name the room. */
    List<RoomAlias> localAliases(RoomId room);

    /**
     * Points an alias of this server at a room, or removes it when {@code room} is empty, as the
     * server's operator: neither membership nor power levels are asked. {@code by} is recorded
     * as the alias's creator. 400 for an alias of another server.
     */
    void setAlias(RoomAlias alias, Optional<RoomId> room, UserId by) throws MatrixException;

    /** Lists or unlists the room in this server's public room directory, as the server's operator. */
    void setPublished(RoomId room, boolean published) throws MatrixException;
}
