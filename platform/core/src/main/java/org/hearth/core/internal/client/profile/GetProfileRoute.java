package org.hearth.core.internal.client.profile;

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

/** GET /_matrix/client/v3/profile/{userId}: the whole profile; 404 for a user without one here. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/profile/{userId}", access = Access.OPTIONAL)
public class GetProfileRoute implements Route {
    private final Profiles profiles;

    @Activate
    public GetProfileRoute(@Reference Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(profiles.profile(request.userId("userId")));
    }
}
