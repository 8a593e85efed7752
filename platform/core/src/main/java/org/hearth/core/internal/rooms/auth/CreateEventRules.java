package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersions;

/**
 * Rule 1 of the authorisation rules, for {@code m.room.create} events, and the room ID rule of
 * room version 12 (rule 2 there) that ties every other event to its create event.
 */
public final class CreateEventRules {
    private CreateEventRules() {
    }

    static AuthVerdict check(Pdu create, AuthRuleSet rules) {
        // 1.1: a create event has no prev_events
        if (!create.prevEvents().isEmpty()) {
            return AuthVerdict.deny("m.room.create must not have prev_events");
        }
        if (rules.roomIdIsCreateEventId()) {
            // v12 1.2: the room ID is derived from the create event, which therefore has none
            if (create.field("room_id") != null) {
                return AuthVerdict.deny("m.room.create must not have a room_id");
            }
        } else if (!domainOf(create.roomId()).equals(domainOf(create.sender()))) {
            // 1.2: the room ID's domain is the sender's
            return AuthVerdict.deny("room ID domain does not match the sender's");
        }
        // 1.3: a room_version present must be one this server knows
        JsonNode version = create.content().get("room_version");
        if (version != null && !(version.isTextual() && RoomVersions.byId(version.asText()).isPresent())) {
            return AuthVerdict.deny("unknown room version " + version);
        }
        // 1.4 (versions 1-10): content.creator is required
        if (rules.creatorInContent() && !create.content().has("creator")) {
            return AuthVerdict.deny("m.room.create has no creator");
        }
        // v12 1.4: additional_creators is a list of valid user IDs
        JsonNode additional = create.content().get("additional_creators");
        if (rules.creatorsHaveInfinitePower() && additional != null && !allUserIds(additional)) {
            return AuthVerdict.deny("additional_creators must be a list of user IDs");
        }
        // 1.5
        return AuthVerdict.ALLOW;
    }

    /** v12 rule 2: the room ID is the ID of the accepted create event, with sigil {@code !}. */
    static boolean isRoomOf(Pdu create, String roomId) {
        return roomId != null && roomId.equals(roomIdFor(create.eventId()));
    }

    /** The room ID a room version 12 create event defines: its event ID with sigil {@code !}. */
    static String roomIdFor(String createEventId) {
        return "!" + createEventId.substring(1);
    }

    /** The create event ID a room version 12 room ID names: the room ID with sigil {@code $}. */
    public static String createEventIdFor(String roomId) {
        return "$" + roomId.substring(1);
    }

    static String domainOf(String id) {
        int colon = id == null ? -1 : id.indexOf(':');
        return colon < 0 ? "" : id.substring(colon + 1);
    }

    private static boolean allUserIds(JsonNode list) {
        if (!list.isArray()) {
            return false;
        }
        for (JsonNode user : list) {
            if (!user.isTextual() || UserId.parse(user.asText()).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
