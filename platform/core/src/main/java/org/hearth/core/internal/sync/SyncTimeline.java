package org.hearth.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.HistoryVisibility;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.VisiblePages;

/**
 * The timeline of one room in a sync answer ({@code /sync} and sliding sync): the newest events
 * in (since, upTo] the viewer may see, at most {@code limit}, oldest first.
 *
 * @param events  the events, oldest first
 * @param limited whether visible events in the range were left out
 */
public record SyncTimeline(List<StoredEvent> events, boolean limited) {

    /** The timeline; empty when {@code view} is null (a room the user may read nothing of). */
    public static SyncTimeline of(EventStore store, RoomView view, long since, long upTo, int limit) {
        if (view == null) {
            return new SyncTimeline(List.of(), false);
        }
        long from = Math.max(since, 0);
        VisiblePages.Page page;
        if (view.member() && !view.rules().covers(from + 1, upTo)) {
            // A member sees the current state anyway: its events stay in the timeline even where
            // the history visibility hides the others (as Synapse does), or a gap would hide a join.
            Set<String> current = new HashSet<>(store.currentState(view.roomId()).values());
            RoomView whole = new RoomView(view.roomId(), HistoryVisibility.EVERYTHING, null, true);
            page = VisiblePages.page(store, whole, upTo, from, true, limit + 1,
                    e -> view.allows(e) || current.contains(e.eventId()));
        } else {
            page = VisiblePages.page(store, view, upTo, from, true, limit + 1, e -> true);
        }
        List<StoredEvent> newestFirst = page.events();
        boolean limited = newestFirst.size() > limit || !page.exhausted();
        List<StoredEvent> events = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(events);
        return new SyncTimeline(events, limited);
    }

    /**
     * Adds {@code unsigned.transaction_id} to the formatted events the device sent: the sending
     * device matches its local echo by it (Client-Server API, "Transaction identifiers").
     */
    public static void addTransactionIds(EventStore store, UserId user, String deviceId, ArrayNode formatted) {
        if (deviceId == null) {
            return;
        }
        List<String> own = new ArrayList<>();
        for (JsonNode event : formatted) {
            if (user.toString().equals(event.path("sender").asText())) {
                own.add(event.get("event_id").asText());
            }
        }
        if (own.isEmpty()) {
            return;
        }
        Map<String, String> txnIds = store.transactionIds(user, deviceId, own);
        for (JsonNode event : formatted) {
            String txnId = txnIds.get(event.get("event_id").asText());
            if (txnId != null) {
                ((ObjectNode) event.get("unsigned")).put("transaction_id", txnId);
            }
        }
    }
}
