package org.hearth.core.internal.client.relations;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.paging.PageParams;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.relations.BundledAggregations;
import org.hearth.core.internal.relations.RelationPages;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]]
 *
 * <ul>
 *   <li>404 {@code M_NOT_FOUND} unless the user may see the parent event.</li>
 *   <li>{@code dir} b (default, newest first) or f; {@code from}/{@code to} tokens of this
 *       endpoint, {@code /messages} or {@code /sync}; {@code limit} default 5, at most 100.</li>
 *   <li>{@code recurse=true}: children of children too, {@code recursion_depth} in the answer.</li>
 *   <li>Every event with its bundled aggregations.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = {"/_matrix/client/v1/rooms/{roomId}/relations/{eventId}",
    "/_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType}",
    "/_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType}/{eventType}"})
public class RelationsRoute implements Route {
    private static final int DEFAULT_LIMIT = 5;

    private final RelationPages pages;
    private final BundledAggregations aggregations;

    @Activate
    public RelationsRoute(@Reference RelationPages pages, @Reference BundledAggregations aggregations) {
        this.pages = pages;
        this.aggregations = aggregations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String recurse = request.queryParam("recurse").orElse(null);
        if (recurse != null && !recurse.equals("true") && !recurse.equals("false")) {
            throw MatrixException.invalidParam("recurse must be true or false");
        }
        RelationPages.Page page = pages.page(me.userId(), new RelationPages.Query(request.roomId("roomId"),
                request.eventId("eventId"), request.optionalPathParam("relType").orElse(null),
                request.optionalPathParam("eventType").orElse(null), PageParams.position(request, "from"),
                PageParams.position(request, "to"), PageParams.limit(request, DEFAULT_LIMIT), PageParams.backwards(request),
                "true".equals(recurse)));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("chunk", aggregations.array(me.userId(), page.chunk(), true));
        page.next().ifPresent(next -> out.put("next_batch", StreamToken.of(next)));
        request.queryParam("from").ifPresent(from -> out.put("prev_batch", from));
        if (recurse != null) {
            out.put("recursion_depth", "true".equals(recurse) ? RelationPages.MAX_DEPTH : 1);
        }
        return RouteResponse.ok(out);
    }
}
