package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Set;
import org.hearth.core.internal.event.AuthRuleSet;

/**
 * The power levels in force in a room state, with the spec defaults filled in (Client-Server
 * API, "m.room.power_levels"; Server-Server API, "Definitions": invite level, kick level, ban
 * level, redact level, required power level).
 *
 * <p>Without an {@code m.room.power_levels} event the creator has 100 and everyone else 0 (room
 * versions 1–11). From room version 12 the room creators always have {@link #INFINITE} power.
 */
public final class PowerLevels {
    /** The power of a room creator in room version 12: above every integer a user can hold. */
    public static final long INFINITE = Long.MAX_VALUE;

    private static final long CREATOR_WITHOUT_POWER_LEVELS = 100;

    private final AuthRuleSet rules;
    private final JsonNode content;
    private final boolean present;
    private final Set<String> creators;

    PowerLevels(AuthRuleSet rules, JsonNode content, Set<String> creators) {
        this.rules = rules;
        this.content = content == null ? MissingNode.getInstance() : content;
        this.present = content != null;
        this.creators = creators;
    }

    /** The power level of a user. */
    public long of(String userId) {
        if (rules.creatorsHaveInfinitePower() && creators.contains(userId)) {
            return INFINITE;
        }
        if (!present) {
            return !rules.creatorsHaveInfinitePower() && creators.contains(userId) ? CREATOR_WITHOUT_POWER_LEVELS : 0;
        }
        JsonNode users = content.path("users");
        if (users.has(userId)) {
            return value(users.get(userId), 0);
        }
        return level("users_default", 0);
    }

    /** The level required to send an event of this type ({@code events}, else the defaults). */
    public long requiredFor(String eventType, boolean isState) {
        JsonNode events = content.path("events");
        if (events.has(eventType)) {
            return value(events.get(eventType), isState ? 50 : 0);
        }
        return isState ? level("state_default", 50) : level("events_default", 0);
    }

    public long invite() {
        return level("invite", 0);
    }

    public long kick() {
        return level("kick", 50);
    }

    public long ban() {
        return level("ban", 50);
    }

    public long redact() {
        return level("redact", 50);
    }

    /** The level needed to trigger a notification of the kind, such as {@code room} ({@code notifications}; 50 by default). */
    public long notification(String key) {
        return value(content.path("notifications").get(key), 50);
    }

    private long level(String key, long fallback) {
        return value(content.get(key), fallback);
    }

    /** A value that cannot be read (only possible before room version 10) counts as unset. */
    private long value(JsonNode node, long fallback) {
        return PowerLevelValue.read(node, rules.powerLevelNumbers()).orElse(fallback);
    }
}
