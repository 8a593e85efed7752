package org.hearth.api.room;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reading rooms, for bundles, with the room's history visibility applied for the {@link Viewer}
 * exactly as for the client endpoints: what a user could not read through {@code /messages},
 * {@code /event} or {@code /state} is not returned here either. Provided by core.
 *
 * <p>A room unknown here is 404 {@code M_NOT_FOUND}; a room the viewer may not read at all is
 * 403 {@code M_FORBIDDEN}.
 */
@ProviderType
public interface RoomViews {
    /** The room version, such as {@code "12"}; empty for a room unknown here. */
    Optional<String> roomVersion(RoomId room);

    /** The event, when it is in the room and the viewer may see it. */
    Optional<RoomEvent> event(Viewer viewer, RoomId room, EventId event) throws MatrixException;

    /** The room's state as the viewer may see it (current for members, as it was at their leaving for former ones). */
    List<RoomEvent> state(Viewer viewer, RoomId room) throws MatrixException;

    /** One piece of that state. */
    Optional<RoomEvent> stateEvent(Viewer viewer, RoomId room, String type, String stateKey) throws MatrixException;

    /** Every user the visible state names, with their membership. */
    Map<UserId, Membership> members(Viewer viewer, RoomId room) throws MatrixException;

    /**
     * Up to {@code limit} events the viewer may see, from a stream position: backwards (newest
     * first, positions below {@code from}) or forwards (oldest first, positions above it).
     * {@code from} {@link Long#MAX_VALUE} backwards starts at the newest event.
     */
    List<RoomEvent> messages(Viewer viewer, RoomId room, long from, boolean backwards, int limit)
            throws MatrixException;

    /** Whether the room is listed in this server's public room directory; false for a room unknown here. */
    boolean published(RoomId room);

    /** The rooms where the user's current membership is one of these. */
    List<RoomId> rooms(UserId user, Set<Membership> memberships);
}
