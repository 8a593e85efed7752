package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.account.SharedSecretRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_synapse/admin/v1/register: a nonce for shared-secret registration (valid 60 s, once). */
@Component
@MatrixRoute(method = "GET", path = "/_synapse/admin/v1/register", access = Access.NONE)
public class SharedSecretNonceRoute implements Route {
    private final SharedSecretRegistration sharedSecret;

    @Activate
    public SharedSecretNonceRoute(@Reference SharedSecretRegistration sharedSecret) {
        this.sharedSecret = sharedSecret;
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(Map.of("nonce", sharedSecret.newNonce()));
    }
}
