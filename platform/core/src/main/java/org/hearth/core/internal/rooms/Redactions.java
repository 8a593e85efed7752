package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.RoomVersion;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code PUT /rooms/{roomId}/redact/{eventId}/{txnId}} (Client-Server API, "Redactions"): a
 * user may redact their own events, or anyone's with the {@code redact} power level. The
 * redaction event is stored, then the target's stored form is replaced by its redacted form
 * (the room version's redaction algorithm).
 */
@Component(service = Redactions.class)
public class Redactions {
    private final RoomWriter writer;
    private final EventStore events;
    private final RoomAccess access;

    @Activate
    public Redactions(@Reference RoomWriter writer, @Reference EventStore events, @Reference RoomAccess access) {
        this.writer = writer;
        this.events = events;
        this.access = access;
    }

    public String redact(UserId user, String roomId, String eventId, String reason, String deviceId, String txnId)
            throws MatrixException {
        access.requireJoined(roomId, user);
        StoredEvent target = events.event(eventId).filter(e -> e.roomId().equals(roomId))
                .orElseThrow(() -> MatrixException.notFound("Event not found"));
        if (!target.sender().equals(user.toString())) {
            var levels = writer.powerLevels(roomId);
            if (levels.of(user.toString()) < levels.redact()) {
                throw MatrixException.forbidden("You may only redact your own events");
            }
        }
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        if (reason != null) {
            content.put("reason", reason);
        }
        RoomWriter.Sent sent = writer.send(new NewRoomEvent(roomId, user, "m.room.redaction", null, content,
                deviceId, txnId, eventId));
        if (target.redactedBy() == null) {
            RoomVersion version = writer.versionOf(roomId);
            ObjectNode redacted = version.redactor().redact(StoredEvents.json(target));
            events.redact(eventId, new String(version.canonicalJson().encode(redacted), StandardCharsets.UTF_8),
                    sent.eventId());
        }
        return sent.eventId();
    }
}
