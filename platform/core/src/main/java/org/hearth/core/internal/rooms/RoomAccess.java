package org.hearth.core.internal.rooms;

import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Who may read what in a room: members read everything; a user who left or was banned reads
 * up to the moment they left (as other homeservers do under {@code shared} history); others
 * get 403 {@code M_FORBIDDEN}, and an unknown room 404.
 */
@Component(service = RoomAccess.class)
public class RoomAccess {
    private final EventStore events;
    private final RoomStore rooms;

    @Activate
    public RoomAccess(@Reference EventStore events, @Reference RoomStore rooms) {
        this.events = events;
        this.rooms = rooms;
    }

    /**
     * 400 {@code M_INVALID_PARAM} unless the text has the shape of a room ID: {@code !} and an
     * opaque part (appendices, "Room IDs"; from room version 12 without a server name).
     */
    public static void checkRoomId(String roomId) throws MatrixException {
        if (!RoomId.isValid(roomId)) {
            throw MatrixException.invalidParam("Invalid room ID " + roomId);
        }
    }

    /** The user's current membership event in the room. */
    public Optional<StoredEvent> membershipEvent(String roomId, UserId user) {
        return events.currentStateEvent(roomId, "m.room.member", user.toString()).flatMap(events::event);
    }

    public String membership(String roomId, UserId user) {
        return membershipEvent(roomId, user)
                .map(e -> StoredEvents.json(e).path("content").path("membership").asText("leave"))
                .orElse("leave");
    }

    /**
     * What a user may read in a room.
     *
     * @param upTo       the highest readable stream position: everything for a member
     *                   ({@link Long#MAX_VALUE}), up to their leaving for a former member
     * @param membership the user's current membership event
     */
    public record Readable(long upTo, StoredEvent membership) {
        public boolean isMember() {
            return upTo == Long.MAX_VALUE;
        }
    }

    /** 403 unless the user is or was a member; 404 for an unknown room. */
    public Readable readable(String roomId, UserId user) throws MatrixException {
        checkRoomId(roomId);
        rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        StoredEvent member = membershipEvent(roomId, user)
                .orElseThrow(() -> MatrixException.forbidden("You are not a member of this room"));
        String membership = StoredEvents.json(member).path("content").path("membership").asText();
        if ("join".equals(membership)) {
            return new Readable(Long.MAX_VALUE, member);
        }
        if ("leave".equals(membership) || "ban".equals(membership)) {
            return new Readable(member.streamPosition(), member);
        }
        throw MatrixException.forbidden("You are not a member of this room");
    }

    /** The highest stream position the user may read in the room, see {@link #readable}. */
    public long readableUpTo(String roomId, UserId user) throws MatrixException {
        return readable(roomId, user).upTo();
    }

    /** 403 unless the user is joined. */
    public void requireJoined(String roomId, UserId user) throws MatrixException {
        checkRoomId(roomId);
        rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        if (!"join".equals(membership(roomId, user))) {
            throw MatrixException.forbidden("You are not joined to this room");
        }
    }
}
