package org.hearth.core.internal.client.profile;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.profile.Profiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/profile/{userId}/{keyName}: one field, as {@code {keyName: value}}; 404 when not set. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/profile/{userId}/{keyName}", access = Access.OPTIONAL)
public class GetProfileFieldRoute implements Route {
    private final Profiles profiles;

    @Activate
    public GetProfileFieldRoute(@Reference Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String key = request.pathParam("keyName");
        return RouteResponse.ok(Map.of(key, profiles.field(request.userId("userId"), key)));
    }
}
