package org.hearth.core.internal.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.SearchStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Searching the events a user may see (Client-Server API, "Server Side Search", {@code room_events}):
 * in the rooms the user is or was in, only events the history visibility shows the user (a room
 * left: up to the leave), never those of users the user ignores, nor those served redacted to the
 * user because their sender asked for erasure ({@link ErasedSenders}).
 *
 * <p>The index knows nothing of visibility, so matches are read in batches and filtered here; one
 * request reads at most {@value #MAX_SCANNED} matches and then hands out a {@code next_batch}
 * that goes on from there.
 *
 * <p>Each room's group of results has a {@code next_batch} of its own: the same place in the
 * ordering, with only that room's results kept (as the spec's "next batch of results in the
 * group"); the pages it leads to keep to the room, whichever token the client passes on.
 */
@Component(service = RoomSearch.class)
public class RoomSearch {
    /** Longest search term, in characters. */
    public static final int MAX_TERM_LENGTH = 1_000;
    /** Most words of a term that are searched for. */
    static final int MAX_WORDS = 20;
    /** Most results one request returns. */
    public static final int MAX_LIMIT = 100;
    static final int MAX_SCANNED = 2_000;
    private static final List<String> MEMBERSHIPS = List.of("join", "leave", "ban");
    private static final Map<String, String> KEY_TYPES = Map.of(
            "content.body", "m.room.message", "content.name", "m.room.name", "content.topic", "m.room.topic");

    private final SearchStore index;
    private final EventStore events;
    private final RoomAccess access;
    private final IgnoredUsers ignoredUsers;
    private final ErasedSenders erasure;

    /**
     * A search.
     *
     * @param keys     of {@code content.body}, {@code content.name}, {@code content.topic}; empty: all
     * @param rooms    only these rooms (null: every room)
     * @param notRooms never these rooms
     * @param from     the {@code next_batch} of the previous page, or null
     */
    public record Request(String term, List<String> keys, EventFilter filter, List<String> rooms,
                          List<String> notRooms, int limit, boolean byRank, String from) {}

    /** A page of results: the matches, the words to highlight, the total count, the next page's token (or null). */
    public record Results(List<SearchStore.Hit> hits, Map<String, RoomView> views, List<String> highlights, long count,
                          String nextBatch) {
        /** The token of the next page of one room's results, or null when the search ended here. */
        public String nextBatchIn(String roomId) {
            return nextBatch == null ? null : Cursor.inRoom(nextBatch, roomId);
        }
    }

    @Activate
    public RoomSearch(@Reference SearchStore index, @Reference EventStore events, @Reference RoomAccess access,
                      @Reference IgnoredUsers ignoredUsers, @Reference ErasedSenders erasure) {
        this.erasure = erasure;
        this.index = index;
        this.events = events;
        this.access = access;
        this.ignoredUsers = ignoredUsers;
    }

    public Results search(UserId user, Request request) throws MatrixException {
        List<String> words = words(request.term());
        List<String> types = types(request.keys(), request.filter());
        List<String> roomIds = new ArrayList<>(events.roomsOf(user, MEMBERSHIPS));
        if (request.rooms() != null) {
            roomIds.retainAll(new HashSet<>(request.rooms()));
        }
        roomIds.removeAll(new HashSet<>(request.notRooms()));
        Cursor cursor = Cursor.parse(request.from(), request.byRank());
        String only = cursor.room();
        Map<String, RoomView> views = access.views(user, roomIds);
        if (words.isEmpty() || types.isEmpty() || views.isEmpty() || only != null && !views.containsKey(only)) {
            return new Results(List.of(), views, words, 0, null);
        }
        IgnoredUsers.Ignored ignored = ignoredUsers.of(user);
        // A group's page: newest first, its room alone is searched; best first, the offset counts
        // the matches of every room, so all are searched and the others' matches passed over.
        List<String> searched = only == null || request.byRank() ? List.copyOf(views.keySet()) : List.of(only);
        List<SearchStore.Hit> hits = new ArrayList<>();
        int scanned = 0;
        boolean more = true;
        while (hits.size() < request.limit() && more && scanned < MAX_SCANNED) {
            int batch = Math.min(MAX_SCANNED - scanned, Math.max(2 * request.limit(), 50));
            List<SearchStore.Hit> found = index.search(new SearchStore.Query(words, searched, types, request.byRank(),
                    cursor.before(), cursor.offset(), batch));
            more = found.size() == batch;
            Set<String> erased = erasure.among(found.stream().map(SearchStore.Hit::event).toList());
            for (int i = 0; i < found.size(); i++) {
                SearchStore.Hit hit = found.get(i);
                StoredEvent e = hit.event();
                scanned++;
                cursor = cursor.past(e.streamPosition());
                RoomView view = views.get(e.roomId());
                if ((only == null || only.equals(e.roomId())) && view.allows(e) && request.filter().matches(e) && ignored.test(e)
                        && !ErasedSenders.redactedFor(view, e, erased)) {
                    hits.add(hit);
                    if (hits.size() == request.limit()) {
                        more |= i < found.size() - 1;
                        break;
                    }
                }
            }
        }
        long count = index.count(new SearchStore.Query(words, only == null ? searched : List.of(only), types,
                request.byRank(), Long.MAX_VALUE, 0, 1));
        return new Results(hits, views, words, count, more ? cursor.token() : null);
    }

    /** The words of the term, lower case, letters and digits only: all must occur in a match. */
    static List<String> words(String term) throws MatrixException {
        if (term.length() > MAX_TERM_LENGTH) {
            throw MatrixException.invalidParam("search_term is longer than " + MAX_TERM_LENGTH + " characters");
        }
        Set<String> words = new LinkedHashSet<>();
        for (String w : term.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty() && words.size() < MAX_WORDS) {
                words.add(w);
            }
        }
        return List.copyOf(words);
    }

    /** The event types the keys search (all three when none are given), narrowed by the filter's types. */
    private static List<String> types(List<String> keys, EventFilter filter) throws MatrixException {
        List<String> types = new ArrayList<>();
        for (String key : keys.isEmpty() ? KEY_TYPES.keySet() : keys) {
            String type = KEY_TYPES.get(key);
            if (type == null) {
                throw MatrixException.invalidParam("Unknown search key " + key
                        + " (expected content.body, content.name or content.topic)");
            }
            if (!types.contains(type) && filter.matches(type, null)) {
                types.add(type);
            }
        }
        return types;
    }

    /**
     * Where the next page starts: newest first, below a stream position; best first, after so
     * many of the best. The token says which, so a token of the other ordering is refused. A
     * group's token ({@code g<room, base64url>.<token>}) keeps the search to that room: the
     * positions or ranks of the room's matches keep their order among all matches, so where the
     * whole search stopped is also where the room's results go on.
     */
    private record Cursor(boolean byRank, long before, int offset, String room) {
        private static final Base64.Encoder ROOM_ENCODER = Base64.getUrlEncoder().withoutPadding();

        static Cursor parse(String token, boolean byRank) throws MatrixException {
            if (token == null) {
                return new Cursor(byRank, Long.MAX_VALUE, 0, null);
            }
            try {
                String room = null;
                if (token.startsWith("g") && token.indexOf('.') > 0) {
                    room = new String(Base64.getUrlDecoder().decode(token.substring(1, token.indexOf('.'))),
                            StandardCharsets.UTF_8);
                    token = token.substring(token.indexOf('.') + 1);
                }
                if (byRank && token.startsWith("k")) {
                    return new Cursor(true, Long.MAX_VALUE, Math.max(0, Integer.parseInt(token.substring(1))), room);
                }
                if (!byRank && token.startsWith("r")) {
                    return new Cursor(false, Long.parseLong(token.substring(1)), 0, room);
                }
            } catch (IllegalArgumentException e) { // a bad number or bad base64
                // answered below
            }
            throw MatrixException.invalidParam("Invalid next_batch for this search");
        }

        /** The token of {@code token}'s place in the ordering, kept to one room. */
        static String inRoom(String token, String roomId) {
            String place = token.startsWith("g") ? token.substring(token.indexOf('.') + 1) : token;
            return "g" + ROOM_ENCODER.encodeToString(roomId.getBytes(StandardCharsets.UTF_8)) + "." + place;
        }

        Cursor past(long position) {
            return byRank ? new Cursor(true, before, offset + 1, room) : new Cursor(false, position, 0, room);
        }

        String token() {
            String place = byRank ? "k" + offset : "r" + before;
            return room == null ? place : inRoom(place, room);
        }
    }

    /** The results grouped by a key ({@code room_id} or {@code sender}), in the order of the results. */
    public static Map<String, List<String>> groups(List<SearchStore.Hit> hits, boolean byRoom) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (SearchStore.Hit hit : hits) {
            String key = byRoom ? hit.event().roomId() : hit.event().sender();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(hit.event().eventId());
        }
        return groups;
    }
}
