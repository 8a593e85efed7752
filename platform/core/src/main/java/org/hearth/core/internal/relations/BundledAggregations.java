package org.hearth.core.internal.relations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RelationStore;
import org.hearth.api.spi.storage.RelationStore.Relation;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Bundled aggregations (Client-Server API, "Aggregations of child events"): ClientEvents with
 * {@code unsigned.m.relations} for the {@code m.thread}, {@code m.reference} and {@code m.replace}
 * children a viewer may see (history visibility), leaving out those of users the viewer ignores.
 * Annotations are not aggregated ("Server-side aggregation of m.annotation relationships"); state
 * events get none. Whatever the number of events, the children are read in one query, at most
 * {@value #MAX_CHILDREN} of them, the newest first: beyond that a thread's count is approximate,
 * as the spec allows.
 */
@Component(service = BundledAggregations.class)
public class BundledAggregations {
    static final String THREAD = "m.thread";
    static final String REFERENCE = "m.reference";
    static final String REPLACE = "m.replace";
    private static final int MAX_CHILDREN = 5_000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final EventStore events;
    private final RelationStore relations;
    private final RoomAccess access;
    private final IgnoredUsers ignoredUsers;

    @Activate
    public BundledAggregations(@Reference EventStore events, @Reference RelationStore relations,
                               @Reference RoomAccess access, @Reference IgnoredUsers ignoredUsers) {
        this.events = events;
        this.relations = relations;
        this.access = access;
        this.ignoredUsers = ignoredUsers;
    }

    /** ClientEvents of the events, in their order, with their aggregations. */
    public ArrayNode array(UserId viewer, List<StoredEvent> stored, boolean withRoomId) {
        List<ObjectNode> formatted = new ArrayList<>();
        stored.forEach(e -> formatted.add(ClientEvents.format(e, withRoomId)));
        addTo(viewer, stored, formatted);
        ArrayNode out = F.arrayNode();
        formatted.forEach(out::add);
        return out;
    }

    /** The ClientEvent of one event with its aggregations. */
    public ObjectNode format(UserId viewer, StoredEvent stored, boolean withRoomId) {
        return (ObjectNode) array(viewer, List.of(stored), withRoomId).get(0);
    }

    /**
     * Puts the aggregations of {@code stored} into their formatted JSON ({@code formatted.get(i)}
     * is the JSON of {@code stored.get(i)}, any event format with an {@code unsigned} object).
     */
    public void addTo(UserId viewer, List<StoredEvent> stored, List<ObjectNode> formatted) {
        Map<String, ObjectNode> bundles = aggregations(viewer, stored, true);
        for (int i = 0; i < stored.size(); i++) {
            ObjectNode bundle = bundles.get(stored.get(i).eventId());
            if (bundle != null) {
                JsonNode unsigned = formatted.get(i).get("unsigned");
                (unsigned instanceof ObjectNode u ? u : formatted.get(i).putObject("unsigned")).set("m.relations", bundle);
            }
        }
    }

    /** Event ID → its {@code m.relations} object, for the events that have any. */
    private Map<String, ObjectNode> aggregations(UserId viewer, List<StoredEvent> stored, boolean withLatest) {
        Map<String, StoredEvent> parents = new LinkedHashMap<>();
        for (StoredEvent e : stored) {
            if (e.stateKey() == null) {
                parents.put(e.eventId(), e);
            }
        }
        if (parents.isEmpty()) {
            return Map.of();
        }
        List<Relation> children = relations.children(parents.keySet(), List.of(THREAD, REFERENCE, REPLACE), null,
                0, Long.MAX_VALUE, MAX_CHILDREN, true);
        if (children.isEmpty()) {
            return Map.of();
        }
        Predicate<Relation> visible = visibleTo(viewer, parents, children);
        Map<String, List<Relation>> byParent = new LinkedHashMap<>();
        for (Relation r : children) {
            if (visible.test(r)) {
                byParent.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(r);
            }
        }
        // the latest event of each thread, and its own aggregations, read at once for all threads
        Map<String, StoredEvent> latest = new HashMap<>();
        if (withLatest) {
            List<String> latestIds = new ArrayList<>();
            byParent.values().forEach(rows -> rows.stream().filter(r -> THREAD.equals(r.relType())).findFirst()
                    .ifPresent(r -> latestIds.add(r.eventId())));
            events.events(latestIds).forEach(e -> latest.put(e.eventId(), e));
        }
        Map<String, ObjectNode> nested = latest.isEmpty() ? Map.of()
                : aggregations(viewer, new ArrayList<>(latest.values()), false);
        Map<String, ObjectNode> out = new HashMap<>();
        byParent.forEach((parentId, rows) -> {
            StoredEvent parent = parents.get(parentId);
            ObjectNode bundle = F.objectNode();
            thread(viewer, parent, rows, latest, nested, bundle);
            reference(rows, bundle);
            replace(parent, rows, bundle);
            if (!bundle.isEmpty()) {
                out.put(parentId, bundle);
            }
        });
        return out;
    }

    /** The children the viewer may see (per room's history visibility) and was not ignoring the sender of. */
    private Predicate<Relation> visibleTo(UserId viewer, Map<String, StoredEvent> parents, List<Relation> children) {
        Set<String> ignored = ignoredUsers.of(viewer).users();
        Map<String, String> roomOf = new HashMap<>();
        parents.values().forEach(p -> roomOf.put(p.eventId(), p.roomId()));
        Map<String, RoomView> views = access.views(viewer, new HashSet<>(roomOf.values()));
        return r -> {
            RoomView view = views.get(roomOf.get(r.parentId()));
            return view != null && !ignored.contains(r.sender())
                    && view.rules().allows(r.streamPosition(), r.type(), null);
        };
    }

    /**
     * "Server-side aggregation of m.thread relationships": the latest event (with its own
     * aggregations), the count, and whether the viewer sent the root or a reply.
     */
    private static void thread(UserId viewer, StoredEvent root, List<Relation> rows, Map<String, StoredEvent> latest,
                               Map<String, ObjectNode> nested, ObjectNode bundle) {
        List<Relation> replies = rows.stream().filter(r -> THREAD.equals(r.relType())).toList();
        if (replies.isEmpty()) {
            return;
        }
        String me = viewer.toString();
        ObjectNode thread = bundle.putObject(THREAD);
        StoredEvent last = latest.get(replies.get(0).eventId());
        if (last != null) {
            // a thread reply cannot be a thread root, so its aggregations hold no latest event: no loop
            ObjectNode json = ClientEvents.format(last, true);
            ObjectNode own = nested.get(last.eventId());
            if (own != null) {
                ((ObjectNode) json.get("unsigned")).set("m.relations", own);
            }
            thread.set("latest_event", json);
        }
        thread.put("count", replies.size());
        thread.put("current_user_participated",
                me.equals(root.sender()) || replies.stream().anyMatch(r -> me.equals(r.sender())));
    }

    /** "Server-side aggregation of m.reference": the referencing events' IDs, oldest first. */
    private static void reference(List<Relation> rows, ObjectNode bundle) {
        List<Relation> refs = new ArrayList<>(rows.stream().filter(r -> REFERENCE.equals(r.relType())).toList());
        if (refs.isEmpty()) {
            return;
        }
        refs.sort(Comparator.comparingLong(Relation::streamPosition));
        ArrayNode chunk = bundle.putObject(REFERENCE).putArray("chunk");
        refs.forEach(r -> chunk.addObject().put("event_id", r.eventId()));
    }

    /**
     * "Server-side aggregation of m.replace relationships": the most recent valid replacement
     * (by origin_server_ts, then the larger event ID), formatted as a ClientEvent; none for a
     * redacted original. The original's content stays as it is.
     */
    private void replace(StoredEvent original, List<Relation> rows, ObjectNode bundle) {
        if (original.redactedBy() != null || isEdit(original)) {
            return;
        }
        List<String> candidates = rows.stream()
                .filter(r -> REPLACE.equals(r.relType()) && r.sender().equals(original.sender())
                        && r.type().equals(original.type()))
                .map(Relation::eventId).toList();
        if (candidates.isEmpty()) {
            return;
        }
        events.events(candidates).stream()
                .filter(e -> e.roomId().equals(original.roomId()) && Replacements.valid(original, e))
                .max(Comparator.comparingLong(StoredEvent::originServerTs).thenComparing(StoredEvent::eventId))
                .ifPresent(edit -> bundle.set(REPLACE, ClientEvents.format(edit, true)));
    }

    private static boolean isEdit(StoredEvent event) {
        return REPLACE.equals(Replacements.relType(event));
    }
}
