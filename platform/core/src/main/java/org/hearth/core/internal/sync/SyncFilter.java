package org.hearth.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.paging.FilterFields;

/**
 * A filter (Client-Server API, "Filtering") as sync applies it: which rooms, which events in
 * each room's timeline, state, ephemeral and account data sections and in the global account
 * data, the timeline limit, lazy-loading of members, left rooms, the event format, and whether
 * unread counts come per thread ({@code unread_thread_notifications}).
 *
 * @param rooms            the rooms to include (null: all)
 * @param notRooms         the rooms to leave out
 * @param includeRedundantMembers with lazy loading, send member events again even when this
 *                         device already got them
 * @param federationFormat {@code event_format: federation}: events as the homeserver holds them
 */
public record SyncFilter(int timelineLimit, EventFilter timeline, EventFilter state, EventFilter ephemeral,
                         EventFilter roomAccountData, EventFilter accountData, List<String> rooms,
                         List<String> notRooms, boolean lazyLoadMembers, boolean includeRedundantMembers,
                         boolean includeLeave, boolean federationFormat, boolean unreadThreadNotifications) {
    public static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 500;
    public static final SyncFilter DEFAULT = new SyncFilter(DEFAULT_LIMIT, EventFilter.ALL, EventFilter.ALL,
            EventFilter.ALL, EventFilter.ALL, EventFilter.ALL, null, List.of(), false, false, false, false, false);

    /** The filter a client wrote; 400 {@code M_BAD_JSON} when it does not have the spec's shape. */
    public static SyncFilter parse(JsonNode filter) throws MatrixException {
        FilterFields.requireObject(filter, "The filter");
        JsonNode room = FilterFields.object(filter, "room");
        JsonNode timeline = FilterFields.object(room, "timeline");
        JsonNode state = FilterFields.object(room, "state");
        String format = filter.path("event_format").asText("client");
        if (filter.has("event_format") && !filter.get("event_format").isTextual()
                || !"client".equals(format) && !"federation".equals(format)) {
            throw MatrixException.badJson("event_format must be client or federation");
        }
        // lazy_load_members belongs to the state filter; earlier drafts put it on the timeline one
        boolean lazy = FilterFields.bool(state, "lazy_load_members", false)
                | FilterFields.bool(timeline, "lazy_load_members", false);
        boolean redundant = FilterFields.bool(state, "include_redundant_members", false)
                | FilterFields.bool(timeline, "include_redundant_members", false);
        FilterFields.object(filter, "presence");
        List<String> notRooms = FilterFields.roomIds(room, "not_rooms");
        return new SyncFilter(Math.min(FilterFields.count(timeline, "limit", DEFAULT_LIMIT), MAX_LIMIT),
                EventFilter.parse(timeline), EventFilter.parse(state),
                EventFilter.parse(FilterFields.object(room, "ephemeral")),
                EventFilter.parse(FilterFields.object(room, "account_data")),
                EventFilter.parse(FilterFields.object(filter, "account_data")),
                FilterFields.roomIds(room, "rooms"), notRooms == null ? List.of() : notRooms,
                lazy, redundant, FilterFields.bool(room, "include_leave", false), "federation".equals(format),
                FilterFields.bool(timeline, "unread_thread_notifications", false));
    }

    /** Whether the room's sections are included at all ({@code rooms} and {@code not_rooms}). */
    /** Whether the filter leaves any room out. */
    public boolean filtersRooms() {
        return rooms != null || !notRooms.isEmpty();
    }

    public boolean includesRoom(String roomId) {
        return (rooms == null || rooms.contains(roomId)) && !notRooms.contains(roomId);
    }
}
