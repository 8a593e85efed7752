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

/** PUT /_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}: adds a tag to the room, with its content ({@code order}). */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}")
public class PutTagRoute implements Route {
    private final Tags tags;

    @Activate
    public PutTagRoute(@Reference Tags tags) {
        this.tags = tags;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        tags.put(request);
        return RouteResponse.ok(Map.of());
    }
}
