package org.hearth.core.internal.client.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.sync.SyncFilter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/user/{userId}/filter: stores a filter; only for oneself (403 otherwise). */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/user/{userId}/filter", access = Access.GUEST)
public class PostFilterRoute implements Route {
    private final UserDataStore userData;

    @Activate
    public PostFilterRoute(@Reference UserDataStore userData) {
        this.userData = userData;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        if (!me.userId().toString().equals(request.userId("userId").toString())) {
            throw MatrixException.forbidden("Cannot create filters for other users");
        }
        JsonNode filter = Bodies.object(request);
        SyncFilter.parse(filter); // a filter that sync would refuse is refused here (400), not stored
        String id = userData.putFilter(me.userId(), filter.toString());
        return RouteResponse.ok(Map.of("filter_id", id));
    }
}
