package org.hearth.core.internal.client.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomId;
import org.hearth.api.spi.storage.SearchStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.paging.FilterFields;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.relations.BundledAggregations;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.RoomReads;
import org.hearth.core.internal.search.RoomSearch;
import org.hearth.core.internal.search.SearchContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/search
 *
 * <ul>
 *   <li>The {@code room_events} category only (the spec's one); a body without it finds nothing.</li>
 *   <li>{@code order_by} {@code rank} (default) or {@code recent}; {@code filter} with
 *       {@code rooms}, {@code not_rooms}, {@code types}, {@code senders} and their {@code not_}
 *       lists, {@code limit} (default 10, at most {@value RoomSearch#MAX_LIMIT}).</li>
 *   <li>{@code event_context} ({@code before_limit}, {@code after_limit}: default 5, at most
 *       {@value SearchContext#MAX_CONTEXT}; {@code include_profile}), {@code include_state},
 *       {@code groupings} by {@code room_id} (each group with its own {@code next_batch}) and
 *       {@code sender}, {@code next_batch}.</li>
 *   <li>Results and their context with their bundled aggregations (edits, threads, references),
 *       as in every other answer with events.</li>
 *   <li>Only events the user may see ({@link RoomSearch}).</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/search")
public class SearchRoute implements Route {
    private static final int DEFAULT_LIMIT = 10;
    private static final int DEFAULT_CONTEXT = 5;

    private final RoomSearch search;
    private final SearchContext contexts;
    private final RoomReads reads;
    private final BundledAggregations aggregations;

    @Activate
    public SearchRoute(@Reference RoomSearch search, @Reference SearchContext contexts, @Reference RoomReads reads,
                       @Reference BundledAggregations aggregations) {
        this.search = search;
        this.contexts = contexts;
        this.reads = reads;
        this.aggregations = aggregations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        JsonNode categories = optionalObject(Bodies.object(request), "search_categories");
        if (categories == null) {
            throw MatrixException.badJson("search_categories is required");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode outCategories = out.putObject("search_categories");
        JsonNode criteria = optionalObject(categories, "room_events");
        if (criteria == null) {
            return RouteResponse.ok(out);
        }
        JsonNode filter = optionalObject(criteria, "filter");
        String order = Bodies.string(criteria, "order_by");
        if (order != null && !order.equals("rank") && !order.equals("recent")) {
            throw MatrixException.invalidParam("order_by must be rank or recent");
        }
        List<String> keys = FilterFields.strings(criteria, "keys");
        RoomSearch.Request query = new RoomSearch.Request(Bodies.requiredString(criteria, "search_term"),
                keys == null ? List.of() : keys, EventFilter.parse(filter),
                filter == null ? null : FilterFields.strings(filter, "rooms"),
                filter == null || FilterFields.strings(filter, "not_rooms") == null ? List.of()
                        : FilterFields.strings(filter, "not_rooms"),
                Math.max(1, Math.min(RoomSearch.MAX_LIMIT,
                        filter == null ? DEFAULT_LIMIT : FilterFields.count(filter, "limit", DEFAULT_LIMIT))),
                !"recent".equals(order), request.queryParam("next_batch").orElse(null));
        RoomSearch.Results results = search.search(me.userId(), query);

        ObjectNode roomEvents = outCategories.putObject("room_events");
        roomEvents.put("count", results.count());
        ArrayNode highlights = roomEvents.putArray("highlights");
        results.highlights().forEach(highlights::add);
        JsonNode contextCriteria = optionalObject(criteria, "event_context");
        ArrayNode list = roomEvents.putArray("results");
        List<StoredEvent> found = results.hits().stream().map(SearchStore.Hit::event).toList();
        ArrayNode formatted = aggregations.array(me.userId(), found, true);
        for (int i = 0; i < found.size(); i++) {
            ObjectNode result = list.addObject();
            result.put("rank", results.hits().get(i).rank());
            result.set("result", formatted.get(i));
            if (contextCriteria != null) {
                result.set("context", context(me, results, found.get(i), contextCriteria));
            }
        }
        if (FilterFields.bool(criteria, "include_state", false)) {
            ObjectNode state = roomEvents.putObject("state");
            Set<String> rooms = new LinkedHashSet<>();
            results.hits().forEach(h -> rooms.add(h.event().roomId()));
            for (String roomId : rooms) {
                state.set(roomId, ClientEvents.array(reads.state(me.userId(), new RoomId(roomId)), true));
            }
        }
        groups(criteria, results, roomEvents);
        if (results.nextBatch() != null) {
            roomEvents.put("next_batch", results.nextBatch());
        }
        return RouteResponse.ok(out);
    }

    /** An object field, or null when absent ({@link FilterFields#object} gives a missing node then). */
    private static JsonNode optionalObject(JsonNode parent, String field) throws MatrixException {
        JsonNode node = FilterFields.object(parent, field);
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    private ObjectNode context(Requester me, RoomSearch.Results results, StoredEvent event, JsonNode criteria)
            throws MatrixException {
        int before = Math.min(SearchContext.MAX_CONTEXT, FilterFields.count(criteria, "before_limit", DEFAULT_CONTEXT));
        int after = Math.min(SearchContext.MAX_CONTEXT, FilterFields.count(criteria, "after_limit", DEFAULT_CONTEXT));
        SearchContext.Context context = contexts.around(results.views().get(event.roomId()), event, before, after);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("start", StreamToken.of(context.start()));
        out.put("end", StreamToken.of(context.end()));
        out.set("events_before", aggregations.array(me.userId(), context.before(), true));
        out.set("events_after", aggregations.array(me.userId(), context.after(), true));
        if (FilterFields.bool(criteria, "include_profile", false)) {
            List<StoredEvent> all = new ArrayList<>(context.before());
            all.add(event);
            all.addAll(context.after());
            ObjectNode profiles = out.putObject("profile_info");
            contexts.profiles(all).forEach((user, profile) -> profiles.set(user, profile));
        }
        return out;
    }

    private static void groups(JsonNode criteria, RoomSearch.Results results, ObjectNode roomEvents)
            throws MatrixException {
        JsonNode groupings = optionalObject(criteria, "groupings");
        JsonNode groupBy = groupings == null ? null : groupings.get("group_by");
        if (groupBy == null || !groupBy.isArray()) {
            return;
        }
        ObjectNode groups = roomEvents.putObject("groups");
        for (JsonNode g : groupBy) {
            String key = g.path("key").asText();
            if (!key.equals("room_id") && !key.equals("sender")) {
                throw MatrixException.invalidParam("Unknown group_by key " + key + " (expected room_id or sender)");
            }
            ObjectNode byKey = groups.putObject(key);
            int order = 0;
            for (Map.Entry<String, List<String>> group : RoomSearch.groups(results.hits(), key.equals("room_id")).entrySet()) {
                ObjectNode entry = byKey.putObject(group.getKey());
                entry.put("order", order++);
                String next = key.equals("room_id") ? results.nextBatchIn(group.getKey()) : null;
                if (next != null) {
                    entry.put("next_batch", next);
                }
                ArrayNode ids = entry.putArray("results");
                group.getValue().forEach(ids::add);
            }
        }
    }
}
