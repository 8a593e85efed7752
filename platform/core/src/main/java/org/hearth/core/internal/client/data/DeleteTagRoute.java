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

/** DELETE /_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}: removes a tag from the room (200 also when it was not there). */
@Component
@MatrixRoute(method = "DELETE", path = "/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}")
public class DeleteTagRoute implements Route {
    private final Tags tags;

    @Activate
    public DeleteTagRoute(@Reference Tags tags) {
        this.tags = tags;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        tags.delete(request);
        return RouteResponse.ok(Map.of());
    }
}
