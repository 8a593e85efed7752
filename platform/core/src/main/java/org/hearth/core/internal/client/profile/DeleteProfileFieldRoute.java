package org.hearth.core.internal.client.profile;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.profile.Profiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** DELETE /_matrix/client/v3/profile/{userId}/{keyName}: removes a field of one's own profile (200 also when it was not set). */
@Component
@MatrixRoute(method = "DELETE", path = "/_matrix/client/v3/profile/{userId}/{keyName}", access = Access.GUEST, rateLimit = RateLimiter.PROFILE)
public class DeleteProfileFieldRoute implements Route {
    private final Profiles profiles;

    @Activate
    public DeleteProfileFieldRoute(@Reference Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        profiles.set(OwnProfile.user(request), request.pathParam("keyName"), null);
        return RouteResponse.ok(Map.of());
    }
}
