package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /rooms/{roomId}/upgrade} (Client-Server API, "Room Upgrades"): a new room of the
 * requested version whose create event names its predecessor, with the old room's important
 * state copied over; a tombstone in the old room pointing at the new one; the old room's power
 * levels raised so that only moderators can still talk there; local aliases moved.
 */
@Component(service = RoomUpgrades.class)
public class RoomUpgrades {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** State carried over, as the spec lists it. */
    private static final Set<String> COPIED = Set.of("m.room.server_acl", "m.room.encryption", "m.room.name",
            "m.room.avatar", "m.room.topic", "m.room.guest_access", "m.room.history_visibility", "m.room.join_rules",
            "m.room.canonical_alias");

    private final RoomWriter writer;
    private final EventStore events;
    private final RoomStore rooms;
    private final RoomAccess access;

    @Activate
    public RoomUpgrades(@Reference RoomWriter writer, @Reference EventStore events, @Reference RoomStore rooms,
                        @Reference RoomAccess access) {
        this.writer = writer;
        this.events = events;
        this.rooms = rooms;
        this.access = access;
    }

    public String upgrade(UserId user, String oldRoomId, String versionId) throws MatrixException {
        RoomVersion version = RoomVersions.byId(versionId).orElseThrow(() ->
                new MatrixException(400, "M_UNSUPPORTED_ROOM_VERSION", "Room version " + versionId + " is not supported"));
        access.requireJoined(oldRoomId, user);
        var levels = writer.powerLevels(oldRoomId);
        if (levels.of(user.toString()) < levels.requiredFor("m.room.tombstone", true)) {
            throw MatrixException.forbidden("You may not upgrade this room");
        }
        Map<StateKey, String> state = events.currentState(oldRoomId);
        String lastEvent = events.forwardExtremities(oldRoomId).get(0);

        ObjectNode predecessor = F.objectNode();
        predecessor.putObject("predecessor").put("room_id", oldRoomId).put("event_id", lastEvent);
        ObjectNode createContent = PowerLevelDefaults.createContent(predecessor, version, user);
        List<NewRoomEvent> initial = new ArrayList<>();
        initial.add(NewRoomEvent.state(null, user, "m.room.member", user.toString(),
                F.objectNode().put("membership", "join")));
        initial.add(NewRoomEvent.state(null, user, "m.room.power_levels", "", newPowerLevels(state, version, user)));
        for (StoredEvent e : events.events(new ArrayList<>(state.values()))) {
            if (COPIED.contains(e.type()) && "".equals(e.stateKey())) {
                initial.add(NewRoomEvent.state(null, user, e.type(), "", StoredEvents.json(e).path("content")));
            }
        }
        String newRoomId = writer.create(version, NewRoomEvent.state(null, user, "m.room.create", "", createContent), initial);

        writer.send(NewRoomEvent.state(oldRoomId, user, "m.room.tombstone", "", F.objectNode()
                .put("body", "This room has been replaced").put("replacement_room", newRoomId)));
        restrictOldRoom(oldRoomId, user, state);
        for (String alias : rooms.aliases(oldRoomId)) {
            rooms.deleteAlias(alias);
            rooms.putAlias(alias, newRoomId, user);
        }
        if (rooms.room(oldRoomId).map(r -> r.published()).orElse(false)) {
            rooms.setPublished(oldRoomId, false);
            rooms.setPublished(newRoomId, true);
        }
        return newRoomId;
    }

    /** The old room's power levels; in version 12 the upgrading user is a creator and must not be listed. */
    private ObjectNode newPowerLevels(Map<StateKey, String> state, RoomVersion version, UserId user) {
        ObjectNode content = content(state, "m.room.power_levels").map(JsonNode::deepCopy)
                .map(ObjectNode.class::cast).orElseGet(() -> PowerLevelDefaults.content(version, user, List.of()));
        ObjectNode users = content.with("users");
        if (PowerLevelDefaults.creatorsHaveInfinitePower(version)) {
            users.remove(user.toString());
        } else {
            users.put(user.toString(), 100);
        }
        return content;
    }

    /** Only those who may send {@code m.room.power_levels} anyway can still talk or invite in the old room. */
    private void restrictOldRoom(String oldRoomId, UserId user, Map<StateKey, String> state) throws MatrixException {
        ObjectNode content = content(state, "m.room.power_levels").map(JsonNode::deepCopy)
                .map(ObjectNode.class::cast).orElse(F.objectNode());
        int restricted = Math.max(50, content.path("users_default").asInt(0) + 1);
        content.put("events_default", restricted);
        content.put("invite", restricted);
        writer.send(NewRoomEvent.state(oldRoomId, user, "m.room.power_levels", "", content));
    }

    private java.util.Optional<JsonNode> content(Map<StateKey, String> state, String type) {
        String id = state.get(new StateKey(type, ""));
        return id == null ? java.util.Optional.empty() : events.event(id).map(e -> StoredEvents.json(e).path("content"));
    }
}
