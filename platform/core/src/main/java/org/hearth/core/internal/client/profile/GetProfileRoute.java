package org.hearth.core.internal.client.profile;

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

/** GET /_matrix/client/v3/profile/{userId}: the whole profile; a remote user's is asked of its server. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/profile/{userId}", access = Access.OPTIONAL)
public class GetProfileRoute implements Route {
    private final Profiles profiles;
    private final RemoteProfiles remote;
    private final LocalServer server;

    @Activate
    public GetProfileRoute(@Reference Profiles profiles, @Reference RemoteProfiles remote, @Reference LocalServer server) {
        this.profiles = profiles;
        this.remote = remote;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        UserId user = request.userId("userId");
        return RouteResponse.ok(server.isLocal(user) ? profiles.profile(user) : remote.query(user, null));
    }
}
