package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What a user keeps when they follow a room upgrade ("Room Upgrades", server behaviour: the
 * server should transfer the user's personalised settings): joining a room whose create event
 * names a predecessor copies their {@code m.tag} of the old room, unless they already tagged the
 * new one, and adds the new room to every {@code m.direct} list that names the old one (a direct
 * chat stays direct; "Direct Messaging").
 *
 * <p>The server's own settings of the old room follow too, once the old room's tombstone names the
 * new one (so a room cannot claim another's aliases by naming it as predecessor): its local
 * aliases move to the new room and a listing in the public directory moves with them. An upgrade
 * made here did so already; this is for one made on another server, which this server learns of
 * when a user of it joins the new room (as Synapse).
 */
@Component(service = UpgradeCarryOver.class)
public class UpgradeCarryOver {
    private static final String TAGS = "m.tag";
    private static final String DIRECT = "m.direct";
    private final EventStore events;
    private final UserDataStore userData;
    private final RoomStore rooms;
    private final Notifier notifier;

    @Activate
    public UpgradeCarryOver(@Reference EventStore events, @Reference UserDataStore userData, @Reference RoomStore rooms,
                            @Reference Notifier notifier) {
        this.events = events;
        this.rooms = rooms;
        this.userData = userData;
        this.notifier = notifier;
    }

    /** The user has joined the room. */
    public void joined(UserId user, String roomId) {
        String predecessor = events.currentStateEvent(roomId, "m.room.create", "").flatMap(events::event)
                .map(e -> StoredEvents.json(e).at("/content/predecessor/room_id").asText(null)).orElse(null);
        if (predecessor == null) {
            return;
        }
        if (replacedBy(predecessor, roomId)) {
            moveDirectoryEntries(predecessor, roomId);
        }
        boolean changed = false;
        if (userData.accountData(user, roomId, TAGS).isEmpty()) {
            var tags = userData.accountData(user, predecessor, TAGS);
            tags.ifPresent(t -> userData.putAccountData(user, roomId, TAGS, t));
            changed = tags.isPresent();
        }
        changed |= keepDirect(user, predecessor, roomId);
        if (changed) {
            notifier.userChanged(user.toString());
        }
    }

    private boolean replacedBy(String oldRoomId, String newRoomId) {
        return events.currentStateEvent(oldRoomId, "m.room.tombstone", "").flatMap(events::event)
                .map(e -> newRoomId.equals(StoredEvents.json(e).at("/content/replacement_room").asText(null)))
                .orElse(false);
    }

    /** The old room's local aliases now name the new room; a public old room hands its listing on. */
    private void moveDirectoryEntries(String oldRoomId, String newRoomId) {
        for (String alias : rooms.aliases(oldRoomId)) {
            UserId creator = rooms.aliasCreator(alias).orElse(null);
            if (creator != null && rooms.deleteAlias(alias)) {
                rooms.putAlias(alias, newRoomId, creator);
            }
        }
        if (rooms.room(oldRoomId).map(Room::published).orElse(false)) {
            rooms.setPublished(oldRoomId, false);
            rooms.setPublished(newRoomId, true);
        }
    }

    /** Adds the new room beside the old one in the user's {@code m.direct} lists; whether any changed. */
    private boolean keepDirect(UserId user, String oldRoomId, String newRoomId) {
        JsonNode direct = userData.accountData(user, null, DIRECT).map(Json::stored).orElse(null);
        if (direct == null || !direct.isObject()) {
            return false;
        }
        ObjectNode updated = ((ObjectNode) direct).deepCopy();
        boolean changed = false;
        for (Map.Entry<String, JsonNode> list : direct.properties()) {
            if (list.getValue().isArray() && contains(list.getValue(), oldRoomId) && !contains(list.getValue(), newRoomId)) {
                ((ArrayNode) updated.get(list.getKey())).add(newRoomId);
                changed = true;
            }
        }
        if (changed) {
            userData.putAccountData(user, null, DIRECT, Json.write(updated));
        }
        return changed;
    }

    private static boolean contains(JsonNode rooms, String roomId) {
        for (JsonNode room : rooms) {
            if (roomId.equals(room.asText())) {
                return true;
            }
        }
        return false;
    }
}
