package org.hearth.core.internal.client.keys;

import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.CrossSigning;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/keys/signatures/upload (also under {@code unstable}): cross-signing
 * signatures; those that do not verify are reported in {@code failures} (see {@link CrossSigning}).
 */
@Component
@MatrixRoute(method = "POST", path = {"/_matrix/client/v3/keys/signatures/upload",
        "/_matrix/client/unstable/keys/signatures/upload"}, rateLimit = RateLimiter.KEYS)
public class SignaturesUploadRoute implements Route {
    private final CrossSigning crossSigning;

    @Activate
    public SignaturesUploadRoute(@Reference CrossSigning crossSigning) {
        this.crossSigning = crossSigning;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(crossSigning.uploadSignatures(request.requester().userId(), Bodies.object(request)));
    }
}
