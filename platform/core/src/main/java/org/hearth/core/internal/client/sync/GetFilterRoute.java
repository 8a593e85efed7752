package org.hearth.core.internal.client.sync;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/user/{userId}/filter/{filterId}: a stored filter; 404 when unknown. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/user/{userId}/filter/{filterId}", access = Access.GUEST)
public class GetFilterRoute implements Route {
    private final UserDataStore userData;

    @Activate
    public GetFilterRoute(@Reference UserDataStore userData) {
        this.userData = userData;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        if (!me.userId().toString().equals(request.userId("userId").toString())) {
            throw MatrixException.forbidden("Cannot read filters of other users");
        }
        String json = userData.filter(me.userId(), request.pathParam("filterId"))
                .orElseThrow(() -> MatrixException.notFound("Unknown filter"));
        return RouteResponse.ok(Json.stored(json));
    }
}
