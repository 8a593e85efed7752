package org.hearth.core.internal.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.Gaps;
import org.hearth.core.internal.rooms.HistoryVisibility;
import org.hearth.core.internal.rooms.RecentEvents;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.VisiblePages;

/**
 * The timeline of one room in a sync answer ({@code /sync} and sliding sync): the newest events
 * in (since, upTo] the viewer may see and that pass {@code shown} (ignored users), at most
 * {@code limit}, oldest first. Events of erased users are not yet as the viewer is served them:
 * the caller applies {@link org.hearth.core.internal.rooms.ErasedSenders}, for all its rooms at once.
 *
 * @param events  the events, oldest first
 * @param limited whether visible events in the range were left out
 */
public record SyncTimeline(List<StoredEvent> events, boolean limited) {

    /**
     * The timeline; empty when {@code view} is null (a room the user may read nothing of). Read
     * from {@code recent} when the viewer may see what it holds of the range and that is all of
     * the range (a poll woken by a new event) or more than {@code limit} events to show (an
     * initial sync of a room written lately), else from the store.
     */
    public static SyncTimeline of(EventStore store, RecentEvents recent, RoomView view, long since, long upTo,
                                  int limit, Predicate<StoredEvent> shown) {
        if (view == null) {
            return new SyncTimeline(List.of(), false);
        }
        long from = Math.max(since, 0);
        boolean wholeRange = view.rules().covers(from + 1, upTo);
        Optional<List<StoredEvent>> cached = known(recent, view, from, upTo, limit, shown);
        VisiblePages.Page page;
        if (cached.isPresent()) {
            page = new VisiblePages.Page(cached.get(), from, true);
        } else if (view.member() && !wholeRange) {
            // A member sees the current state anyway: its events stay in the timeline even where
            // the history visibility hides the others (as Synapse does), or a gap would hide a join.
            Set<String> current = new HashSet<>(store.currentState(view.roomId()).values());
            RoomView whole = new RoomView(view.roomId(), HistoryVisibility.EVERYTHING, null, true);
            page = VisiblePages.page(store, whole, upTo, from, true, limit + 1,
                    e -> (view.allows(e) || current.contains(e.eventId())) && shown.test(e));
        } else {
            page = VisiblePages.page(store, view, upTo, from, true, limit + 1, shown);
        }
        List<StoredEvent> newestFirst = page.events();
        boolean limited = newestFirst.size() > limit || !page.exhausted();
        List<StoredEvent> events = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        // Events are missing here before an event received after a gap (Gaps): the timeline starts
        // there, limited, so that the client pages back from it into the gap (Client-Server API,
        // "Syncing": prev_batch). Looked for in an incremental sync read from the store only: events
        // received from other servers are not served from RecentEvents, and an initial sync's
        // client pages back anyway (/messages fills the gaps it meets).
        Optional<StoredEvent> afterGap = cached.isEmpty() && since > 0 ? Gaps.newestAfterGap(store, events)
                : Optional.empty();
        if (afterGap.isPresent()) {
            events = new ArrayList<>(events.subList(0, events.indexOf(afterGap.get()) + 1));
            limited = true;
        }
        Collections.reverse(events);
        return new SyncTimeline(events, limited);
    }

    /**
     * Up to {@code limit + 1} events to show of the range, newest first, from {@code recent}: when
     * the viewer may see all that it holds of the range and it holds all of the range or enough
     * to fill the timeline and tell that it is limited. Empty when the store must be read.
     */
    private static Optional<List<StoredEvent>> known(RecentEvents recent, RoomView view, long from, long upTo,
                                                     int limit, Predicate<StoredEvent> shown) {
        Optional<RecentEvents.Known> known = recent.newest(view.roomId(), from, upTo);
        if (known.isEmpty() || !view.rules().covers(known.get().after() + 1, upTo)) {
            return Optional.empty();
        }
        // What VisiblePages reads within one visible interval: every event of the range, newest first.
        List<StoredEvent> events = known.get().events();
        List<StoredEvent> newestFirst = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && newestFirst.size() <= limit; i--) {
            StoredEvent e = events.get(i);
            if (view.allows(e) && shown.test(e)) {
                newestFirst.add(e);
            }
        }
        boolean all = known.get().after() == from;
        return all || newestFirst.size() > limit ? Optional.of(newestFirst) : Optional.empty();
    }

    /**
     * The transaction IDs of the events the device sent, by event ID: the sending device matches
     * its local echo by them (Client-Server API, "Transaction identifiers").
     */
    public Map<String, String> transactionIds(EventStore store, UserId user, String deviceId) {
        return transactionIds(store, user, deviceId, List.of(events));
    }

    /** {@link #transactionIds(EventStore, UserId, String)} of many timelines: one read for a whole sync. */
    public static Map<String, String> transactionIds(EventStore store, UserId user, String deviceId,
                                                     Collection<List<StoredEvent>> timelines) {
        List<String> own = new ArrayList<>();
        for (List<StoredEvent> timeline : timelines) {
            for (StoredEvent e : timeline) {
                if (e.sender().equals(user.toString())) {
                    own.add(e.eventId());
                }
            }
        }
        return own.isEmpty() || deviceId == null ? Map.of() : store.transactionIds(user, deviceId, own);
    }
}
