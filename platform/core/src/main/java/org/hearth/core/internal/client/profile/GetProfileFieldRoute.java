package org.hearth.core.internal.client.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.profile.Profiles;
import org.hearth.core.internal.profile.RemoteProfiles;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/profile/{userId}/{keyName}: one field, as {@code {keyName: value}}; 404 when
 * not set. A remote user's field is asked of its server.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/profile/{userId}/{keyName}", access = Access.OPTIONAL)
public class GetProfileFieldRoute implements Route {
    private final Profiles profiles;
    private final RemoteProfiles remote;
    private final LocalServer server;

    @Activate
    public GetProfileFieldRoute(@Reference Profiles profiles, @Reference RemoteProfiles remote, @Reference LocalServer server) {
        this.profiles = profiles;
        this.remote = remote;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String key = request.pathParam("keyName");
        UserId user = request.userId("userId");
        if (server.isLocal(user)) {
            return RouteResponse.ok(Map.of(key, profiles.field(user, key)));
        }
        Profiles.checkKey(key);
        JsonNode value = remote.query(user, key).get(key);
        if (value == null) {
            throw MatrixException.notFound("No " + key + " in the profile of " + user);
        }
        return RouteResponse.ok(Map.of(key, value));
    }
}
