package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What the conditions read about one event, computed once for all of the room's members: the
 * event, the joined member count, the sender's power against the room's {@code notifications}
 * levels, and the members' display names, looked up only when a rule asks.
 */
final class PushContext {
    private final JsonNode event;
    private final int memberCount;
    private final long senderLevel;
    private final ToLongFunction<String> notificationLevels;
    private final Function<String, String> displayNames;
    private final Map<String, String> names = new HashMap<>();

    PushContext(JsonNode event, int memberCount, long senderLevel, ToLongFunction<String> notificationLevels,
                Function<String, String> displayNames) {
        this.event = event;
        this.memberCount = memberCount;
        this.senderLevel = senderLevel;
        this.notificationLevels = notificationLevels;
        this.displayNames = displayNames;
    }

    JsonNode event() {
        return event;
    }

    int memberCount() {
        return memberCount;
    }

    /** Spec "sender_notification_permission": the sender has the level under {@code notifications.<key>}. */
    boolean senderMayNotify(String key) {
        return senderLevel >= notificationLevels.applyAsLong(key);
    }

    /** The user's display name in the room, or null. */
    String displayName(String userId) {
        return names.computeIfAbsent(userId, displayNames);
    }
}
