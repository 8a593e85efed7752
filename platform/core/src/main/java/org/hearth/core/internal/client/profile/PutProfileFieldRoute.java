package org.hearth.core.internal.client.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.profile.Profiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * PUT /_matrix/client/v3/profile/{userId}/{keyName}: sets a field of one's own profile; the body holds the key.
 *
 * <p>A {@code null} value of {@code displayname} or {@code avatar_url} removes it (as Synapse does), any other
 * {@code null} is stored, as the spec asks.
 */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/profile/{userId}/{keyName}", access = Access.GUEST, rateLimit = RateLimiter.PROFILE)
public class PutProfileFieldRoute implements Route {
    private final Profiles profiles;

    @Activate
    public PutProfileFieldRoute(@Reference Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        UserId user = OwnProfile.user(request);
        String key = request.pathParam("keyName");
        JsonNode value = Bodies.object(request).get(key);
        if (value == null) {
            throw MatrixException.missingParam("The body must hold " + key);
        }
        profiles.set(user, key, value);
        return RouteResponse.ok(Map.of());
    }
}
