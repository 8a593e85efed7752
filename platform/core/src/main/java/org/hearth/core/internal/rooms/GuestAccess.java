package org.hearth.core.internal.rooms;

import java.util.function.Consumer;
import org.hearth.api.MatrixException;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Rooms and guests (Client-Server API, "Guest Access", server behaviour): a guest joins only a
 * room whose {@code m.room.guest_access} is {@code can_join}; when a room stops being so, its
 * local guests must leave, which {@link GuestLeaves} does once told here.
 */
@Component(service = {GuestAccess.class, CommitListener.class})
public class GuestAccess implements CommitListener {
    static final String TYPE = "m.room.guest_access";
    private static final String CAN_JOIN = "can_join";
    private static final Consumer<String> NOBODY = roomId -> { };

    private final EventStore events;
    /**
     * Set by {@link GuestLeaves}, which writes through {@link RoomWriter}: a reference from here to
     * the writers would be a cycle (the writer holds this listener), so the writer comes to us.
     */
    private volatile Consumer<String> revoked = NOBODY;

    @Activate
    public GuestAccess(@Reference EventStore events) {
        this.events = events;
    }

    /** 403 {@code M_FORBIDDEN} unless guests may join the room. */
    public void requireGuestsMayJoin(String roomId) throws MatrixException {
        if (!guestsMayJoin(roomId)) {
            throw forbidden();
        }
    }

    /** Whether the room's current state held here lets guests join (no guest_access event: forbidden). */
    public boolean guestsMayJoin(String roomId) {
        return events.currentStateEvent(roomId, TYPE, "").flatMap(events::event)
                .map(e -> CAN_JOIN.equals(Json.stored(e.json()).path("content").path("guest_access").asText()))
                .orElse(false);
    }

    /** The answer to a guest's join of a room closed to guests. */
    public static MatrixException forbidden() {
        return MatrixException.forbidden("Guest access is not allowed in this room");
    }

    /** Who is told of the rooms that stop letting guests in (null: nobody). */
    void whenRevoked(Consumer<String> handler) {
        revoked = handler == null ? NOBODY : handler;
    }

    @Override
    public void committed(String roomId, Pdu event, long streamPosition, PowerLevels powerLevels) {
        if (TYPE.equals(event.type()) && "".equals(event.stateKey().orElse(null))
                && !CAN_JOIN.equals(event.content().path("guest_access").asText())) {
            revoked.accept(roomId);
        }
    }
}
