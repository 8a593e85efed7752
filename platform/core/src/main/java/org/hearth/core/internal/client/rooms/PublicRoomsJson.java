package org.hearth.core.internal.client.rooms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.core.internal.rooms.RoomDirectory;

/** A page of the public room directory as {@code /publicRooms} answers it (absent fields left out). */
final class PublicRoomsJson {
    private PublicRoomsJson() {
    }

    static ObjectNode of(RoomDirectory.PublicRoomsPage page) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode chunk = out.putArray("chunk");
        for (RoomDirectory.PublicRoom room : page.chunk()) {
            ObjectNode entry = chunk.addObject();
            entry.put("room_id", room.roomId().value());
            putIfPresent(entry, "name", room.name());
            putIfPresent(entry, "topic", room.topic());
            putIfPresent(entry, "canonical_alias", room.canonicalAlias());
            putIfPresent(entry, "avatar_url", room.avatarUrl());
            entry.put("join_rule", room.joinRule());
            entry.put("world_readable", room.worldReadable());
            entry.put("guest_can_join", room.guestCanJoin());
            entry.put("num_joined_members", room.joinedMembers());
            putIfPresent(entry, "room_type", room.roomType());
        }
        putIfPresent(out, "next_batch", page.nextBatch());
        putIfPresent(out, "prev_batch", page.prevBatch());
        out.put("total_room_count_estimate", page.totalEstimate());
        return out;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
