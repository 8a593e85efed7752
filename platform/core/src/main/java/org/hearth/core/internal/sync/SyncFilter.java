package org.hearth.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of a filter (Client-Server API, "Filtering") that sync applies: timeline limit,
 * lazy-loading of members, whether left rooms are included, whether unread counts come per thread.
 */
public record SyncFilter(int timelineLimit, boolean lazyLoadMembers, boolean includeLeave,
                         boolean unreadThreadNotifications) {
    public static final int DEFAULT_LIMIT = 10;
    public static final SyncFilter DEFAULT = new SyncFilter(DEFAULT_LIMIT, false, false, false);

    public static SyncFilter from(JsonNode filter) {
        JsonNode room = filter.path("room");
        int limit = room.path("timeline").path("limit").asInt(DEFAULT_LIMIT);
        boolean lazy = room.path("state").path("lazy_load_members").asBoolean(false)
                || room.path("timeline").path("lazy_load_members").asBoolean(false);
        return new SyncFilter(Math.max(1, Math.min(limit, 500)), lazy, room.path("include_leave").asBoolean(false),
                room.path("timeline").path("unread_thread_notifications").asBoolean(false));
    }
}
