package org.hearth.core.internal.presence;

import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.CommitListener;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Tells {@link Presence} of every join stored, local or received, so that servers new to a room learn who is online. */
@Component(service = CommitListener.class)
public class PresenceOnJoin implements CommitListener {
    private final Presence presence;

    @Activate
    public PresenceOnJoin(@Reference Presence presence) {
        this.presence = presence;
    }

    @Override
    public void committed(String roomId, Pdu event, long streamPosition, PowerLevels powerLevels) {
        if ("m.room.member".equals(event.type()) && "join".equals(event.content().path("membership").asText())) {
            event.stateKey().flatMap(UserId::parse).ifPresent(member -> presence.joined(roomId, member));
        }
    }
}
