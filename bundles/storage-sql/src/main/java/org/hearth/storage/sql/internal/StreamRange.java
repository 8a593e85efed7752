package org.hearth.storage.sql.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether to read what changed in a range of stream positions for many rooms by the range rather
 * than room by room: an incremental sync of a user in 1,000 rooms covers a few positions, and
 * reading those costs what happened, not how many rooms the user is in.
 */
final class StreamRange {
    private StreamRange() {
    }

    /** The rooms as a set to filter the range's rows by, when (after, upTo] holds no more positions than rooms. */
    static Optional<Set<String>> narrowerThan(Collection<String> roomIds, long after, long upTo) {
        if (upTo - after > roomIds.size()) {
            return Optional.empty();
        }
        return Optional.of(roomIds instanceof Set<String> set ? set : new HashSet<>(roomIds));
    }
}
