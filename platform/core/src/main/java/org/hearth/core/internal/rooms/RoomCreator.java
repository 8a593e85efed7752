package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.RoomSpec;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /createRoom} (Client-Server API, "Creation"): the events of a new room in the
 * order the spec gives — create, the creator's join, power levels, canonical alias, the preset's
 * join rules / history visibility / guest access, {@code initial_state}, name, topic — then the
 * invites of local users. All of it, with the room's alias and directory entry, is one
 * {@link RoomBatch}: a refused or failed creation leaves nothing behind. Users of other servers
 * are invited after, through their servers.
 */
@Component(service = RoomCreator.class)
public class RoomCreator {
    private static final Logger LOG = LoggerFactory.getLogger(RoomCreator.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final RoomWriter writer;
    private final RoomStore rooms;
    private final Memberships memberships;
    private final LocalServer server;

    @Activate
    public RoomCreator(@Reference RoomWriter writer, @Reference RoomStore rooms, @Reference Memberships memberships,
                       @Reference LocalServer server) {
        this.writer = writer;
        this.rooms = rooms;
        this.memberships = memberships;
        this.server = server;
    }

    public RoomId create(UserId creator, RoomSpec spec) throws MatrixException {
        String versionId = spec.roomVersion();
        RoomVersion version = versionId == null ? writer.defaultVersion() : RoomVersions.byId(versionId)
                .orElseThrow(() -> new MatrixException(400, "M_UNSUPPORTED_ROOM_VERSION",
                        "Room version " + versionId + " is not supported"));
        String preset = spec.preset().value();
        List<UserId> invitees = spec.invite();
        boolean direct = spec.direct();
        String alias = aliasOf(spec.aliasLocalpart());
        if (alias != null && rooms.roomOfAlias(alias).isPresent()) {
            throw new MatrixException(400, "M_ROOM_IN_USE", "Room alias " + alias + " is already in use");
        }

        ObjectNode createContent = PowerLevelDefaults.createContent(spec.creationContent() instanceof ObjectNode given
                ? given.deepCopy() : F.objectNode(), version, creator);
        NewRoomEvent create = NewRoomEvent.state(null, creator, "m.room.create", "", createContent);

        List<NewRoomEvent> events = new ArrayList<>();
        events.add(memberships.event(creator, null, creator, "join", null, false));
        ObjectNode powerLevels = PowerLevelDefaults.content(version, creator,
                "trusted_private_chat".equals(preset) ? invitees : List.of());
        if (spec.powerLevelOverride() instanceof ObjectNode override) {
            powerLevels.setAll(override.deepCopy());
        }
        events.add(NewRoomEvent.state(null, creator, "m.room.power_levels", "", powerLevels));
        if (alias != null) {
            events.add(NewRoomEvent.state(null, creator, "m.room.canonical_alias", "", F.objectNode().put("alias", alias)));
        }
        boolean publicChat = "public_chat".equals(preset);
        events.add(NewRoomEvent.state(null, creator, "m.room.join_rules", "",
                F.objectNode().put("join_rule", publicChat ? "public" : "invite")));
        events.add(NewRoomEvent.state(null, creator, "m.room.history_visibility", "",
                F.objectNode().put("history_visibility", "shared")));
        if (!publicChat) {
            // public_chat forbids guests, which is what no m.room.guest_access event means (as Synapse does)
            events.add(NewRoomEvent.state(null, creator, "m.room.guest_access", "",
                    F.objectNode().put("guest_access", "can_join")));
        }
        for (RoomSpec.InitialState state : spec.initialState()) {
            events.add(NewRoomEvent.state(null, creator, state.type(), state.stateKey(), state.content()));
        }
        String name = spec.name();
        if (name != null) {
            events.add(NewRoomEvent.state(null, creator, "m.room.name", "", F.objectNode().put("name", name)));
        }
        String topic = spec.topic();
        if (topic != null) {
            events.add(NewRoomEvent.state(null, creator, "m.room.topic", "", F.objectNode().put("topic", topic)));
        }
        for (UserId invitee : invitees) {
            if (server.isLocal(invitee)) {
                events.add(memberships.event(creator, null, invitee, "invite", null, direct));
            }
        }

        RoomId created = createWith(creator, version, create, alias, events, spec);
        // a user of another server is invited once the room exists: its server signs the invite first
        // (Server-Server API, "Inviting to a room"); one that cannot be reached does not undo the room
        for (UserId invitee : invitees) {
            if (!server.isLocal(invitee)) {
                try {
                    memberships.act(creator, created.value(), invitee, Memberships.Action.INVITE, null, direct);
                } catch (MatrixException e) {
                    LOG.info("{} not invited to new room {}: {}", invitee, created, e.getMessage());
                }
            }
        }
        return created;
    }

    private RoomId createWith(UserId creator, RoomVersion version, NewRoomEvent create, String alias,
                              List<NewRoomEvent> events, RoomSpec spec) throws MatrixException {
        try {
            return new RoomId(writer.write(null, batch -> {
                String roomId = batch.createRoom(version, create);
                if (alias != null) {
                    batch.addAlias(alias, roomId, creator); // before the canonical alias event that names it
                }
                for (NewRoomEvent event : events) {
                    batch.add(event.in(roomId));
                }
                if (spec.published()) {
                    batch.setPublished(roomId, true);
                }
                return roomId;
            }));
        } catch (MatrixException e) {
            if ("M_ROOM_IN_USE".equals(e.errcode())) {
                throw new MatrixException(400, "M_ROOM_IN_USE", e.getMessage()); // the status createRoom gives it
            }
            throw e;
        }
    }

    private String aliasOf(String localpart) throws MatrixException {
        if (localpart == null) {
            return null;
        }
        if (localpart.isEmpty() || localpart.contains(":") || localpart.contains("#") || localpart.contains(" ")) {
            throw new MatrixException(400, "M_INVALID_PARAM", "Invalid room_alias_name");
        }
        try {
            return new RoomAlias(localpart, server.name()).toString();
        } catch (IllegalArgumentException e) {
            throw MatrixException.invalidParam("Invalid room_alias_name: " + e.getMessage());
        }
    }

}
