package org.hearth.core.internal.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * The views {@link RoomAccess#views} built, by room and user, each with the IDs of the state events
 * it was built from: the room's history visibility changes and the user's membership changes. A
 * message wakes every member's {@code /sync} and changes neither history, so each woken poll would
 * otherwise parse the same events and work out the same visible intervals again (a fifth of the
 * CPU of a fan-out to a thousand polls).
 *
 * <p>Exact without being told of writes: a view is handed out only to a caller holding the very
 * same events (same IDs, same order); a new visibility or membership event is a new ID, so the view
 * is built anew. An event ID stands for the same stream position and the same value for good: the
 * {@code membership} and {@code history_visibility} keys survive redaction in every room version
 * (Client-Server API, "Redactions").
 */
final class ViewsKept {
    /** About a kilobyte each: a few tens of MB at most, for the rooms of the users who sync. */
    private static final int MAX_VIEWS = 20_000;

    private record Key(String roomId, String userId) {}

    /** The view (empty: the user may read nothing) and the event IDs of what it was built from. */
    private record Kept(String[] visibility, String[] memberships, Optional<RoomView> view) {}

    private final Cache<Key, Kept> kept = Caffeine.newBuilder().maximumSize(MAX_VIEWS).build();

    /** The user's view of the room from these histories (oldest first): the one kept when built from the same events. */
    Optional<RoomView> view(String roomId, String userId, List<StoredEvent> visibility, List<StoredEvent> memberships,
                            Supplier<Optional<RoomView>> build) {
        Key key = new Key(roomId, userId);
        Kept k = kept.getIfPresent(key);
        if (k != null && same(k.visibility(), visibility) && same(k.memberships(), memberships)) {
            return k.view();
        }
        Optional<RoomView> view = build.get();
        kept.put(key, new Kept(ids(visibility), ids(memberships), view));
        return view;
    }

    private static boolean same(String[] ids, List<StoredEvent> events) {
        if (ids.length != events.size()) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            if (!ids[i].equals(events.get(i).eventId())) {
                return false;
            }
        }
        return true;
    }

    private static String[] ids(List<StoredEvent> events) {
        String[] ids = new String[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).eventId();
        }
        return ids;
    }
}
