package org.hearth.core.internal.relations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Viewer;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RelationStore;
import org.hearth.api.spi.storage.RelationStore.Relation;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomReads;
import org.hearth.core.internal.rooms.RoomView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The children of an event, a page at a time (Client-Server API, "Relationships API"): only when
 * the viewer may see the parent (else 404, also in a room the viewer may read nothing of), and
 * only the children the viewer may see. With {@code recurse}, children of children down to
 * {@value #MAX_DEPTH} levels (the spec asks for at least 3), at most {@value #MAX_DESCENDANTS}
 * events walked through.
 */
@Component(service = RelationPages.class)
public class RelationPages {
    public static final int MAX_DEPTH = 3;
    private static final int MAX_DESCENDANTS = 1_000;
    /** Rows read per page at most: children the viewer may not see count. */
    private static final int MAX_SCANNED = 2_000;

    private final EventStore events;
    private final RelationStore relations;
    private final RoomAccess access;
    private final RoomReads reads;
    private final ErasedSenders erased;

    /**
     * A query: {@code relType} and {@code eventType} null for any; positions as in pagination
     * tokens; {@code from} and {@code to} empty for the newest (backwards) or oldest end.
     */
    public record Query(RoomId roomId, EventId parent, String relType, String eventType, OptionalLong from,
                        OptionalLong to, int limit, boolean backwards, boolean recurse) {}

    /** A page: {@code next} empty when nothing is left. */
    public record Page(List<StoredEvent> chunk, OptionalLong next) {}

    @Activate
    public RelationPages(@Reference EventStore events, @Reference RelationStore relations, @Reference RoomAccess access,
                         @Reference RoomReads reads, @Reference ErasedSenders erased) {
        this.erased = erased;
        this.events = events;
        this.relations = relations;
        this.access = access;
        this.reads = reads;
    }

    public Page page(UserId user, Query q) throws MatrixException {
        StoredEvent parent = reads.event(user, q.roomId(), q.parent()); // 404 unless visible
        RoomView view = access.view(Viewer.user(user), q.roomId().value());
        Set<String> parents = q.recurse() ? withDescendants(parent.eventId()) : Set.of(parent.eventId());
        List<String> relTypes = q.relType() == null ? List.of() : List.of(q.relType());
        long lo = q.backwards() ? q.to().orElse(0) : q.from().orElse(0);
        long hi = q.backwards() ? q.from().orElse(Long.MAX_VALUE) : q.to().orElse(Long.MAX_VALUE);
        List<StoredEvent> chunk = new ArrayList<>();
        int scanned = 0;
        while (lo < hi && scanned < MAX_SCANNED) {
            List<Relation> rows = relations.children(parents, relTypes, q.eventType(), lo, hi, q.limit(), q.backwards());
            scanned += rows.size();
            Map<String, StoredEvent> found = new HashMap<>();
            events.events(rows.stream().map(Relation::eventId).toList()).forEach(e -> found.put(e.eventId(), e));
            for (Relation r : rows) {
                StoredEvent child = found.get(r.eventId());
                if (q.backwards()) {
                    hi = r.streamPosition() - 1;
                } else {
                    lo = r.streamPosition();
                }
                if (child != null && view.allows(child)) {
                    chunk.add(child);
                    if (chunk.size() == q.limit()) {
                        return new Page(erased.served(view, chunk), OptionalLong.of(q.backwards() ? hi : lo));
                    }
                }
            }
            if (rows.size() < q.limit()) {
                return new Page(erased.served(view, chunk), OptionalLong.empty());
            }
        }
        return new Page(erased.served(view, chunk), lo < hi ? OptionalLong.of(q.backwards() ? hi : lo) : OptionalLong.empty());
    }

    /** The event and its descendants down to {@link #MAX_DEPTH} - 1 levels: the parents whose children a recursive page lists. */
    private Set<String> withDescendants(String root) {
        Set<String> all = new LinkedHashSet<>(List.of(root));
        Set<String> level = Set.of(root);
        for (int depth = 1; depth < MAX_DEPTH && !level.isEmpty() && all.size() < MAX_DESCENDANTS; depth++) {
            Set<String> next = new LinkedHashSet<>();
            for (Relation r : relations.children(level, List.of(), null, 0, Long.MAX_VALUE,
                    MAX_DESCENDANTS - all.size(), false)) {
                if (all.add(r.eventId())) {
                    next.add(r.eventId());
                }
            }
            level = next;
        }
        return all;
    }
}
