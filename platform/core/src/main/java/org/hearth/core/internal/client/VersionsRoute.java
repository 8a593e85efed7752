package org.hearth.core.internal.client;

import java.util.List;
import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/**
 * GET /_matrix/client/versions (Client-Server API, "API Standards"): the spec versions this
 * server speaks. No authentication.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/versions", access = Access.NONE)
public class VersionsRoute implements Route {

    /** The Client-Server API versions Hearth implements. */
    static final List<String> VERSIONS = List.of(
            "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11");

    /**
     * Features clients still look for by their unstable names: cross-signing (matrix-js-sdk and
     * Element asked for it before it was in the spec).
     */
    static final Map<String, Boolean> UNSTABLE_FEATURES = Map.of("org.matrix.e2e_cross_signing", true);

    private static final Map<String, Object> BODY = Map.of("versions", VERSIONS, "unstable_features", UNSTABLE_FEATURES);

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(BODY);
    }
}
