package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code PUT /rooms/{roomId}/redact/{eventId}/{txnId}} (Client-Server API, "Redactions"): a
 * joined user may redact their own events, or anyone's with the {@code redact} power level. The
 * redaction event and the rewrite of its target to the redacted form (the room version's
 * redaction algorithm) are one transaction, and the room's head drops the target, so a redacted
 * state event counts for the authorization rules as what redaction left of it.
 *
 * <ul>
 *   <li>An event of another room: 400 {@code M_INVALID_PARAM}; an unknown event: 404.</li>
 *   <li>The create event is never redacted (403): its {@code room_version} and creators define
 *       the room.</li>
 * </ul>
 */
@Component(service = Redactions.class)
public class Redactions {
    private final RoomWriter writer;
    private final EventStore events;

    @Activate
    public Redactions(@Reference RoomWriter writer, @Reference EventStore events) {
        this.writer = writer;
        this.events = events;
    }

    /**
     * @param txn     the client transaction of the request, or null
     * @param ownOnly only the user's own events (a suspended account's, see {@code Suspension})
     * @return the redaction's event ID (the first attempt's for a retried transaction)
     */
    public String redact(UserId user, String roomId, String eventId, String reason, ClientTxn txn, boolean ownOnly)
            throws MatrixException {
        return writer.write(roomId, batch -> {
            Optional<String> retried = batch.earlier(user, txn);
            if (retried.isPresent()) {
                return retried.get();
            }
            if (!"join".equals(batch.membership(roomId, user))) {
                throw MatrixException.forbidden("You are not joined to this room");
            }
            StoredEvent target = events.event(eventId).orElseThrow(() -> MatrixException.notFound("Event not found"));
            if (!target.roomId().equals(roomId)) {
                throw MatrixException.invalidParam("Event " + eventId + " is not in room " + roomId);
            }
            if ("m.room.create".equals(target.type())) {
                throw MatrixException.forbidden("The create event of a room cannot be redacted");
            }
            if (!target.sender().equals(user.toString())) {
                if (ownOnly) {
                    throw Suspension.suspended("redact the events of others");
                }
                var levels = batch.powerLevels(roomId);
                if (levels.of(user.toString()) < levels.redact()) {
                    throw MatrixException.forbidden("You may only redact your own events");
                }
            }
            ObjectNode content = JsonNodeFactory.instance.objectNode();
            if (reason != null) {
                content.put("reason", reason);
            }
            String redaction = batch.add(new NewRoomEvent(roomId, user, "m.room.redaction", null, content, txn, eventId));
            if (target.redactedBy() == null) {
                batch.redact(target, redaction);
            }
            return redaction;
        });
    }
}
