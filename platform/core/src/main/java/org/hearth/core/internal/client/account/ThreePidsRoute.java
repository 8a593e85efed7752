package org.hearth.core.internal.client.account;

import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * GET /_matrix/client/v3/account/3pid: the third-party identifiers bound to the account. Hearth
 * does not validate e-mail addresses or phone numbers yet ({@code m.3pid_changes} is disabled in
 * the capabilities), so the list is always empty.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/account/3pid")
public class ThreePidsRoute implements Route {

    @Activate
    public ThreePidsRoute() {
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        request.requester();
        return RouteResponse.ok(Map.of("threepids", List.of()));
    }
}
