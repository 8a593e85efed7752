package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.RoomService;
import org.hearth.api.room.RoomSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link RoomService} for bundles: the very components the client endpoints use (room creator,
 * writer, memberships, redactions), so a bundle's action meets every rule a client's does.
 */
@Component
public class RoomActions implements RoomService {
    private final RoomCreator creator;
    private final RoomWriter writer;
    private final Memberships memberships;
    private final Redactions redactions;
    private final Forgetting forgetting;
    private final RoomDirectory directory;

    @Activate
    public RoomActions(@Reference RoomCreator creator, @Reference RoomWriter writer, @Reference Memberships memberships,
                       @Reference Redactions redactions, @Reference Forgetting forgetting,
                       @Reference RoomDirectory directory) {
        this.creator = creator;
        this.writer = writer;
        this.memberships = memberships;
        this.redactions = redactions;
        this.forgetting = forgetting;
        this.directory = directory;
    }

    @Override
    public RoomId create(UserId creator, RoomSpec spec) throws MatrixException {
        return this.creator.create(creator, spec);
    }

    @Override
    public RoomId resolve(RoomAlias alias) throws MatrixException {
        return new RoomId(memberships.resolve(alias.toString()));
    }

    @Override
    public EventId send(UserId sender, RoomId room, String type, JsonNode content) throws MatrixException {
        return new EventId(writer.send(NewRoomEvent.message(room.value(), sender, type, content, null)));
    }

    @Override
    public EventId setState(UserId sender, RoomId room, String type, String stateKey, JsonNode content)
            throws MatrixException {
        return new EventId(writer.send(NewRoomEvent.state(room.value(), sender, type, stateKey == null ? "" : stateKey,
                content)));
    }

    @Override
    public EventId redact(UserId sender, RoomId room, EventId target, String reason) throws MatrixException {
        return new EventId(redactions.redact(sender, room.value(), target.value(), reason, null, false));
    }

    @Override
    public EventId invite(UserId sender, RoomId room, UserId target, String reason) throws MatrixException {
        return act(sender, room, target, Memberships.Action.INVITE, reason);
    }

    @Override
    public EventId join(UserId user, RoomId room, String reason) throws MatrixException {
        return new EventId(memberships.joinKnown(user, memberships.resolve(room.value()), reason));
    }

    @Override
    public EventId leave(UserId user, RoomId room, String reason) throws MatrixException {
        return new EventId(memberships.change(user, memberships.resolve(room.value()), "leave", reason));
    }

    @Override
    public EventId kick(UserId sender, RoomId room, UserId target, String reason) throws MatrixException {
        return act(sender, room, target, Memberships.Action.KICK, reason);
    }

    @Override
    public EventId ban(UserId sender, RoomId room, UserId target, String reason) throws MatrixException {
        return act(sender, room, target, Memberships.Action.BAN, reason);
    }

    @Override
    public EventId unban(UserId sender, RoomId room, UserId target, String reason) throws MatrixException {
        return act(sender, room, target, Memberships.Action.UNBAN, reason);
    }

    @Override
    public void forget(UserId user, RoomId room) throws MatrixException {
        forgetting.forget(user, room.value());
    }

    @Override
    public List<RoomAlias> localAliases(RoomId room) {
        return directory.localAliases(room);
    }

    @Override
    public void setAlias(RoomAlias alias, Optional<RoomId> room, UserId by) throws MatrixException {
        directory.setAlias(alias, room, by);
    }

    @Override
    public void setPublished(RoomId room, boolean published) throws MatrixException {
        directory.setPublished(room, published);
    }

    private EventId act(UserId sender, RoomId room, UserId target, Memberships.Action action, String reason)
            throws MatrixException {
        return new EventId(memberships.act(sender, memberships.resolve(room.value()), target, action, reason, false));
    }
}
