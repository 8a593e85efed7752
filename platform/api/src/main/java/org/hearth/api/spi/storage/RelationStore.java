package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Relationships between events (Client-Server API, "Forming relationships between events"), kept
 * by {@link EventStore#write}: a row for each accepted message event whose content has an
 * {@code m.relates_to} with a {@code rel_type} and an {@code event_id}, removed when that event is
 * redacted. Only what the rows say is answered here; history visibility is the caller's.
 */
@ConsumerType
public interface RelationStore {

    /**
     * One relationship: the child event (its type, sender and stream position) points at
     * {@code parentId} with {@code relType}.
     */
    record Relation(String eventId, String parentId, String relType, String type, String sender, long streamPosition) {}

    /**
     * The children of the parents with a stream position in (after, upTo]: the newest first when
     * {@code newestFirst}, else the oldest first; at most {@code limit}. Only those of the
     * {@code relTypes} (any when empty) and of {@code eventType} (any when null).
     */
    List<Relation> children(Collection<String> parentIds, Collection<String> relTypes, String eventType, long after,
                            long upTo, int limit, boolean newestFirst);

    /** A thread root and the stream position of the newest event in its thread. */
    record ThreadRoot(String rootId, long latestPosition) {}

    /**
     * The threads of a room ({@code m.thread} children by root) whose newest event is at a stream
     * position below {@code before}, the most recently active first, at most {@code limit}; with a
     * {@code participant}, only threads the user started (sent the root of) or replied in.
     */
    List<ThreadRoot> threads(String roomId, long before, String participant, int limit);
}
