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
import org.hearth.core.internal.relations.ThreadList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v1/rooms/{roomId}/threads
 *
 * <ul>
 *   <li>{@code include}: {@code all} (default) or {@code participated}; {@code from}: a
 *       {@code next_batch}; {@code limit} default 10, at most 100.</li>
 *   <li>403 for a user who may read nothing of the room; only roots the user may see.</li>
 *   <li>Roots with their bundled aggregations, the most recently active thread first.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v1/rooms/{roomId}/threads")
public class ThreadsRoute implements Route {
    private static final int DEFAULT_LIMIT = 10;

    private final ThreadList threads;
    private final BundledAggregations aggregations;

    @Activate
    public ThreadsRoute(@Reference ThreadList threads, @Reference BundledAggregations aggregations) {
        this.threads = threads;
        this.aggregations = aggregations;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String include = request.queryParam("include").orElse("all");
        if (!include.equals("all") && !include.equals("participated")) {
            throw MatrixException.invalidParam("include must be all or participated");
        }
        ThreadList.Page page = threads.page(me.userId(), request.roomId("roomId"), include.equals("participated"),
                PageParams.position(request, "from"), PageParams.limit(request, DEFAULT_LIMIT));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("chunk", aggregations.array(me.userId(), page.roots(), true));
        page.next().ifPresent(next -> out.put("next_batch", StreamToken.of(next)));
        return RouteResponse.ok(out);
    }
}
