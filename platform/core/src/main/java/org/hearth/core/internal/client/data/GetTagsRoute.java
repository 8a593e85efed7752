package org.hearth.core.internal.client.data;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/user/{userId}/rooms/{roomId}/tags: the user's tags on the room. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags")
public class GetTagsRoute implements Route {
    private final Tags tags;

    @Activate
    public GetTagsRoute(@Reference Tags tags) {
        this.tags = tags;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(Map.of("tags", tags.tags(request)));
    }
}
