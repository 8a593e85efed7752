package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.RoomVersion;

/**
 * The create and power level contents of a new room (Client-Server API, "Creation", and the
 * defaults other servers use): the creator at 100, the room's settings at 50 or 100, everyone
 * else at 0.
 */
final class PowerLevelDefaults {
    private PowerLevelDefaults() {
    }

    /**
     * The content of a new room's create event: {@code room_version}, and {@code creator} where
     * the version's rules read it from there (versions 1 to 10).
     */
    static ObjectNode createContent(ObjectNode base, RoomVersion version, UserId creator) {
        ObjectNode content = base.deepCopy();
        content.put("room_version", version.id());
        if (version.authRules().creatorInContent()) {
            content.put("creator", creator.toString());
        }
        return content;
    }

    /** Room version 12: creators have infinite power and must not be listed in {@code users}. */
    static boolean creatorsHaveInfinitePower(RoomVersion version) {
        return version.authRules().creatorsHaveInfinitePower();
    }

    static ObjectNode content(RoomVersion version, UserId creator, List<UserId> trustedInvitees) {
        ObjectNode pl = JsonNodeFactory.instance.objectNode();
        ObjectNode users = pl.putObject("users");
        if (!creatorsHaveInfinitePower(version)) {
            users.put(creator.toString(), 100);
        }
        trustedInvitees.forEach(u -> users.put(u.toString(), 100));
        pl.put("users_default", 0);
        ObjectNode events = pl.putObject("events");
        events.put("m.room.name", 50);
        events.put("m.room.power_levels", 100);
        events.put("m.room.history_visibility", 100);
        events.put("m.room.canonical_alias", 50);
        events.put("m.room.avatar", 50);
        events.put("m.room.tombstone", 100);
        events.put("m.room.server_acl", 100);
        events.put("m.room.encryption", 100);
        pl.put("events_default", 0);
        pl.put("state_default", 50);
        pl.put("ban", 50);
        pl.put("kick", 50);
        pl.put("redact", 50);
        pl.put("invite", 0);
        return pl;
    }
}
