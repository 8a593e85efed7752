package org.hearth.core.internal.client.keys;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.KeyQueries;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/keys/query: the devices and cross-signing keys of users (see {@link KeyQueries}). *
 * <p>Open to guests ("Guest Access").
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/keys/query", access = Access.GUEST)
public class KeysQueryRoute implements Route {
    private final KeyQueries queries;

    @Activate
    public KeysQueryRoute(@Reference KeyQueries queries) {
        this.queries = queries;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(queries.query(request.requester().userId(), Bodies.object(request)));
    }
}
