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
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.RoomIdFormat;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /rooms/{roomId}/upgrade} (Client-Server API, "Room Upgrades"): a new room of the
 * requested version whose create event names its predecessor, with the old room's important
 * state copied over; a tombstone in the old room pointing at the new one; the old room's power
 * levels raised so that only moderators can still talk there; local aliases and the directory
 * entry moved. All of it is one {@link RoomBatch} under the old room's lock: a room with a
 * tombstone is not upgraded again (400 {@code M_BAD_STATE}), so of concurrent upgrades one wins.
 */
@Component(service = RoomUpgrades.class)
public class RoomUpgrades {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** State carried over, as the spec lists it. */
    private static final Set<String> COPIED = Set.of("m.room.server_acl", "m.room.encryption", "m.room.name",
            "m.room.avatar", "m.room.topic", "m.room.guest_access", "m.room.history_visibility", "m.room.join_rules",
            "m.room.canonical_alias");

    private static final String TOMBSTONE = "m.room.tombstone";
    private static final String GUEST_ACCESS = "m.room.guest_access";
    private static final String MEMBER = "m.room.member";
    /** Fields of the old create event the new one keeps: the spec's {@code type}, and whether it federates. */
    private static final List<String> INHERITED_CREATE_FIELDS = List.of("type", "m.federate");

    private final RoomWriter writer;
    private final EventStore events;
    private final RoomStore rooms;
    private final UpgradeCarryOver carryOver;

    @Activate
    public RoomUpgrades(@Reference RoomWriter writer, @Reference EventStore events, @Reference RoomStore rooms,
                        @Reference UpgradeCarryOver carryOver) {
        this.writer = writer;
        this.events = events;
        this.rooms = rooms;
        this.carryOver = carryOver;
    }

    public String upgrade(UserId user, String oldRoomId, String versionId) throws MatrixException {
        RoomVersion version = RoomVersions.byId(versionId).orElseThrow(() ->
                new MatrixException(400, "M_UNSUPPORTED_ROOM_VERSION", "Room version " + versionId + " is not supported"));
        String replacement = writer.write(oldRoomId, batch -> {
            if (!"join".equals(batch.membership(oldRoomId, user))) {
                throw MatrixException.forbidden("You are not joined to this room");
            }
            if (batch.state(oldRoomId, TOMBSTONE, "").map(e -> e.content().path("replacement_room").isTextual())
                    .orElse(false)) {
                throw new MatrixException(400, "M_BAD_STATE", "This room has already been upgraded");
            }
            var levels = batch.powerLevels(oldRoomId);
            if (levels.of(user.toString()) < levels.requiredFor(TOMBSTONE, true)) {
                throw MatrixException.forbidden("You may not upgrade this room");
            }
            Map<StateKey, String> state = events.currentState(oldRoomId);
            boolean named = version.roomIdFormat() == RoomIdFormat.CREATE_EVENT_ID;
            ObjectNode predecessor = inheritedCreateContent(state);
            ObjectNode link = predecessor.putObject("predecessor").put("room_id", oldRoomId);
            String newRoomId;
            if (named) {
                // The new room is named by its create event, which therefore cannot name the
                // tombstone that names the new room; from version 12 predecessor.event_id MAY be omitted.
                newRoomId = batch.createRoom(version, create(user, version, predecessor));
                batch.add(tombstone(oldRoomId, user, newRoomId));
            } else {
                newRoomId = batch.newRoomId();
                link.put("event_id", batch.add(tombstone(oldRoomId, user, newRoomId)));
                batch.createRoom(version, create(user, version, predecessor), newRoomId);
            }
            for (String alias : rooms.aliases(oldRoomId)) { // moved before the copied canonical alias names them
                batch.removeAlias(alias);
                batch.addAlias(alias, newRoomId, user);
            }
            batch.add(NewRoomEvent.state(newRoomId, user, MEMBER, user.toString(),
                    F.objectNode().put("membership", "join")));
            batch.add(NewRoomEvent.state(newRoomId, user, "m.room.power_levels", "", newPowerLevels(state, version, user)));
            for (StoredEvent e : events.events(new ArrayList<>(state.values()))) {
                if (MEMBER.equals(e.type()) && "ban".equals(StoredEvents.json(e).at("/content/membership").asText())) {
                    copyBan(batch, newRoomId, user, e);
                } else if (COPIED.contains(e.type()) && "".equals(e.stateKey())) {
                    JsonNode content = StoredEvents.json(e).path("content");
                    if (CanonicalAliases.TYPE.equals(e.type())) { // only the aliases that now name the new room
                        content = CanonicalAliases.keeping(content, a -> batch.roomOfAlias(a).map(newRoomId::equals)
                                .orElse(false)).<JsonNode>map(c -> c).orElse(content);
                    }
                    batch.add(NewRoomEvent.state(newRoomId, user, e.type(), "", content));
                }
            }
            if (!state.containsKey(new StateKey(GUEST_ACCESS, ""))) {
                // the old room forbade guests by having no such event: the new one says so explicitly
                // (clients and Synapse expect the event in an upgraded room)
                batch.add(NewRoomEvent.state(newRoomId, user, GUEST_ACCESS, "", F.objectNode().put("guest_access", "forbidden")));
            }
            restoreUpgraderLevel(batch, newRoomId, user, state, version);
            releaseOldAliases(batch, oldRoomId, user);
            restrictOldRoom(batch, oldRoomId, user, state);
            if (rooms.room(oldRoomId).map(Room::published).orElse(false)) {
                batch.setPublished(oldRoomId, false);
                batch.setPublished(newRoomId, true);
            }
            return newRoomId;
        });
        carryOver.joined(user, replacement); // the upgrading user joined the new room: their settings follow
        return replacement;
    }

    private static NewRoomEvent create(UserId user, RoomVersion version, ObjectNode predecessor) {
        return NewRoomEvent.state(null, user, "m.room.create", "", PowerLevelDefaults.createContent(predecessor, version, user));
    }

    private static NewRoomEvent tombstone(String oldRoomId, UserId user, String newRoomId) {
        return NewRoomEvent.state(oldRoomId, user, TOMBSTONE, "", F.objectNode()
                .put("body", "This room has been replaced").put("replacement_room", newRoomId));
    }

    /** The banned stay banned (Synapse copies bans too), as far as the user may ban them in the new room. */
    private static void copyBan(RoomBatch batch, String newRoomId, UserId user, StoredEvent ban) {
        try {
            batch.add(NewRoomEvent.state(newRoomId, user, MEMBER, ban.stateKey(), StoredEvents.json(ban).path("content")));
        } catch (MatrixException refused) {
            // a ban of someone with the user's power or more: not the user's to repeat
        }
    }

    /** The create content fields the new room keeps ("Room Upgrades": {@code type} is copied), as the old room had them. */
    private ObjectNode inheritedCreateContent(Map<StateKey, String> state) {
        ObjectNode out = F.objectNode();
        content(state, "m.room.create").ifPresent(old -> INHERITED_CREATE_FIELDS.forEach(field -> {
            if (old.has(field)) {
                out.set(field, old.get(field));
            }
        }));
        return out;
    }

    /**
     * The old room's power levels; in version 12 the upgrading user is a creator and must not be
     * listed, before it they keep their level but at least 100, to send the copied state.
     */
    private ObjectNode newPowerLevels(Map<StateKey, String> state, RoomVersion version, UserId user) {
        ObjectNode content = content(state, "m.room.power_levels").map(JsonNode::deepCopy)
                .map(ObjectNode.class::cast).orElseGet(() -> PowerLevelDefaults.content(version, user, List.of()));
        ObjectNode users = content.with("users");
        if (PowerLevelDefaults.creatorsHaveInfinitePower(version)) {
            users.remove(user.toString());
        } else {
            users.put(user.toString(), Math.max(100, users.path(user.toString()).asInt(0)));
        }
        return content;
    }

    /** The old room's canonical alias stops naming aliases that moved away, as far as the user may change it. */
    private static void releaseOldAliases(RoomBatch batch, String oldRoomId, UserId user) {
        batch.state(oldRoomId, CanonicalAliases.TYPE, "")
                .flatMap(e -> CanonicalAliases.keeping(e.content(), a -> batch.roomOfAlias(a).map(oldRoomId::equals)
                        .orElse(false)))
                .ifPresent(content -> {
                    try {
                        batch.add(NewRoomEvent.state(oldRoomId, user, CanonicalAliases.TYPE, "", content));
                    } catch (MatrixException refused) {
                        // not the user's to change: the old room keeps naming them, as Synapse leaves it
                    }
                });
    }

    /**
     * A user raised to 100 in the new room only to send its initial state (a moderator may
     * upgrade when the tombstone needs no more) gets their old level back there: the new room's
     * power levels are then the old room's, as Synapse leaves them.
     */
    private void restoreUpgraderLevel(RoomBatch batch, String newRoomId, UserId user, Map<StateKey, String> state,
                                      RoomVersion version) throws MatrixException {
        if (PowerLevelDefaults.creatorsHaveInfinitePower(version)) {
            return; // the upgrading user created the new room: no level was raised
        }
        java.util.Optional<JsonNode> old = content(state, "m.room.power_levels");
        if (old.isPresent() && old.get().path("users").path(user.toString()).asInt(0) < 100) {
            batch.add(NewRoomEvent.state(newRoomId, user, "m.room.power_levels", "", old.get().deepCopy()));
        }
    }

    /**
     * Only those who may send {@code m.room.power_levels} anyway can still talk or invite in the
     * old room, when the upgrading user may change its power levels; a moderator who may not
     * leaves them as they are (the upgrade goes on, as Synapse's does).
     */
    private void restrictOldRoom(RoomBatch batch, String oldRoomId, UserId user, Map<StateKey, String> state) {
        ObjectNode content = content(state, "m.room.power_levels").map(JsonNode::deepCopy)
                .map(ObjectNode.class::cast).orElse(F.objectNode());
        int restricted = Math.max(50, content.path("users_default").asInt(0) + 1);
        content.put("events_default", restricted);
        content.put("invite", restricted);
        try {
            batch.add(NewRoomEvent.state(oldRoomId, user, "m.room.power_levels", "", content));
        } catch (MatrixException refused) {
            // not the user's to change
        }
    }

    private java.util.Optional<JsonNode> content(Map<StateKey, String> state, String type) {
        String id = state.get(new StateKey(type, ""));
        return id == null ? java.util.Optional.empty() : events.event(id).map(e -> StoredEvents.json(e).path("content"));
    }
}
