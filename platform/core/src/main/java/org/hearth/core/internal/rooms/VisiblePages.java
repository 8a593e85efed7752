package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.HistoryVisibility.Interval;

/**
 * Pages through a room's events as a viewer may see them: only within the stream positions the
 * history visibility leaves visible ({@link HistoryVisibility#intervals()}), so the events in
 * between are never read, then through the caller's filter. At most {@value #MAX_SCANNED} events
 * are read per page; a page that stops there says so, and the next one goes on from its cursor.
 */
public final class VisiblePages {
    /** The most events one page reads (visible events the filter drops count). */
    static final int MAX_SCANNED = 5_000;
    private static final int MAX_FETCH = 1_000;

    private VisiblePages() {
    }

    /**
     * A page.
     *
     * @param events    the events, in the order read
     * @param cursor    where the next page starts: backwards, the highest position it may return;
     *                  forwards, the position after which it returns events
     * @param exhausted whether nothing visible is left in the range
     */
    public record Page(List<StoredEvent> events, long cursor, boolean exhausted) {}

    /**
     * Backwards: the visible events at positions in ({@code bound}, {@code from}], newest first.
     * Forwards: those in ({@code from}, {@code bound}], oldest first. At most {@code count}.
     */
    public static Page page(EventStore events, RoomView view, long from, long bound, boolean backwards, int count,
                            Predicate<StoredEvent> filter) {
        List<Interval> intervals = new ArrayList<>(view.rules().intervals());
        if (backwards) {
            Collections.reverse(intervals);
        }
        List<StoredEvent> page = new ArrayList<>();
        long cursor = from;
        int scanned = 0;
        int fetch = count; // doubles while the filter drops events, up to MAX_FETCH
        for (Interval interval : intervals) {
            long lo = backwards ? Math.max(bound, interval.from() - 1) : Math.max(cursor, interval.from() - 1);
            long hi = backwards ? Math.min(cursor, interval.to()) : Math.min(bound, interval.to());
            while (lo < hi) {
                List<StoredEvent> batch = events.roomEvents(view.roomId(), lo, hi, fetch, backwards);
                for (StoredEvent e : batch) {
                    cursor = backwards ? e.streamPosition() - 1 : e.streamPosition();
                    scanned++;
                    if (view.allows(e) && filter.test(e)) {
                        page.add(e);
                        if (page.size() == count) {
                            return new Page(page, cursor, false);
                        }
                    }
                }
                if (batch.size() < fetch) {
                    break; // this interval has nothing more in range
                }
                fetch = Math.min(fetch * 2, MAX_FETCH);
                if (scanned >= MAX_SCANNED) {
                    return new Page(page, cursor, false);
                }
                if (backwards) {
                    hi = cursor;
                } else {
                    lo = cursor;
                }
            }
            // on to the next interval, skipping the positions in between
            if (backwards) {
                cursor = Math.min(cursor, interval.from() - 1);
                if (cursor <= bound) {
                    break;
                }
            } else {
                cursor = Math.max(cursor, Math.min(interval.to(), bound));
                if (cursor >= bound) {
                    break;
                }
            }
        }
        return new Page(page, cursor, true);
    }
}
