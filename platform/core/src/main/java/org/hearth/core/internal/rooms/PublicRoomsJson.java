package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A page of the public room directory as {@code /publicRooms} answers it (absent fields left out). */
public final class PublicRoomsJson {
    private PublicRoomsJson() {
    }

    public static ObjectNode of(RoomDirectory.PublicRoomsPage page) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode chunk = out.putArray("chunk");
        for (RoomDirectory.PublicRoom room : page.chunk()) {
            chunk.add(room(room));
        }
        putIfPresent(out, "next_batch", page.nextBatch());
        putIfPresent(out, "prev_batch", page.prevBatch());
        out.put("total_room_count_estimate", page.totalEstimate());
        return out;
    }

    /** One room ("PublishedRoomsChunk", also the room summary of space hierarchies). */
    public static ObjectNode room(RoomDirectory.PublicRoom room) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
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
        return entry;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
