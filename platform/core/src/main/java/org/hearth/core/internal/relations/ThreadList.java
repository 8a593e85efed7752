package org.hearth.core.internal.relations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Viewer;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RelationStore;
import org.hearth.api.spi.storage.RelationStore.ThreadRoot;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The threads of a room (Client-Server API, "Querying threads in a room"): the roots the viewer
 * may see, the most recently active thread first; 403 for a viewer who may read nothing of the
 * room. A page token is the stream position of the newest event of the last thread listed.
 */
@Component(service = ThreadList.class)
public class ThreadList {
    /** Roots read per page at most: roots the viewer may not see count. */
    private static final int MAX_SCANNED = 2_000;

    private final EventStore events;
    private final RelationStore relations;
    private final RoomAccess access;
    private final ErasedSenders erased;

    /** A page: {@code next} empty when nothing is left. */
    public record Page(List<StoredEvent> roots, OptionalLong next) {}

    @Activate
    public ThreadList(@Reference EventStore events, @Reference RelationStore relations, @Reference RoomAccess access,
                      @Reference ErasedSenders erased) {
        this.erased = erased;
        this.events = events;
        this.relations = relations;
        this.access = access;
    }

    /** Threads active before {@code from} (all when empty); with {@code participated}, those the user took part in. */
    public Page page(UserId user, RoomId roomId, boolean participated, OptionalLong from, int limit)
            throws MatrixException {
        RoomView view = access.view(Viewer.user(user), roomId.value());
        long before = from.orElse(Long.MAX_VALUE);
        List<StoredEvent> roots = new ArrayList<>();
        int scanned = 0;
        while (scanned < MAX_SCANNED) {
            List<ThreadRoot> threads = relations.threads(roomId.value(), before,
                    participated ? user.toString() : null, limit);
            scanned += threads.size();
            Map<String, StoredEvent> found = new HashMap<>();
            events.events(threads.stream().map(ThreadRoot::rootId).toList()).forEach(e -> found.put(e.eventId(), e));
            for (ThreadRoot t : threads) {
                before = t.latestPosition();
                StoredEvent root = found.get(t.rootId());
                if (root != null && view.allows(root)) {
                    roots.add(root);
                    if (roots.size() == limit) {
                        return new Page(erased.served(view, roots), OptionalLong.of(before));
                    }
                }
            }
            if (threads.size() < limit) {
                return new Page(erased.served(view, roots), OptionalLong.empty());
            }
        }
        return new Page(erased.served(view, roots), OptionalLong.of(before));
    }
}
