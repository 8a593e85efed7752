package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Splits a long list of statement parameters (IN lists, multi-row VALUES) into chunks, so that
 * no statement exceeds SQLite's 32,766 or PostgreSQL's 65,535 parameters.
 */
final class Chunks {
    /** Items per statement; an item may take a few parameters. */
    static final int SIZE = 1000;

    private Chunks() {
    }

    /** The items in order, {@link #SIZE} at a time; none for no items. */
    static <T> List<List<T>> of(Collection<T> items) {
        List<T> all = List.copyOf(items);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += SIZE) {
            chunks.add(all.subList(from, Math.min(all.size(), from + SIZE)));
        }
        return chunks;
    }
}
