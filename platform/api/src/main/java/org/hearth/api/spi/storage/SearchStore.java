package org.hearth.api.spi.storage;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Full-text search of room events (Client-Server API, "Server Side Search"): the text of accepted
 * {@code m.room.message} ({@code content.body}), {@code m.room.name} ({@code content.name}) and
 * {@code m.room.topic} ({@code content.topic}) events, indexed as they are stored and forgotten
 * when they are redacted. History visibility is the caller's to apply.
 */
@ConsumerType
public interface SearchStore {
    /** The event types whose text is searchable. */
    List<String> SEARCHABLE_TYPES = List.of("m.room.message", "m.room.name", "m.room.topic");

    /**
     * What to look for.
     *
     * @param words   the words of the search term, each of letters and digits only; all must occur
     * @param roomIds the rooms to search in (not empty)
     * @param types   of {@link #SEARCHABLE_TYPES}, those to search (not empty)
     * @param byRank  best matches first; otherwise newest first
     * @param before  newest first: only events below this stream position
     * @param offset  best matches first: how many of the best to skip
     */
    record Query(List<String> words, List<String> roomIds, List<String> types, boolean byRank, long before,
                 int offset, int limit) {
        public Query {
            words = List.copyOf(words);
            roomIds = List.copyOf(roomIds);
            types = List.copyOf(types);
        }
    }

    /** A matching event and how well it matches (higher is better; comparable within one query only). */
    record Hit(StoredEvent event, double rank) {}

    /** At most {@code limit} matches, in the query's order. */
    List<Hit> search(Query query);

    /** How many events match in all (ignoring {@code before}, {@code offset} and {@code limit}). */
    long count(Query query);
}
