package org.hearth.core.internal.client.keys;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.client.account.UiaGate;
import org.hearth.core.internal.e2ee.CrossSigning;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/keys/device_signing/upload (also under {@code unstable}): the user's
 * cross-signing keys (see {@link CrossSigning}).
 *
 * <ul>
 *   <li>The keys are checked before anything else: a bad upload is a 400, not a challenge.</li>
 *   <li>Replacing keys needs the password (User-Interactive Authentication, also in one step
 *       with {@code m.login.password} and no session, as Element sends it right after login);
 *       the first upload, an exact repeat, or an application service need none (spec v1.11, v1.17).</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = {"/_matrix/client/v3/keys/device_signing/upload",
        "/_matrix/client/unstable/keys/device_signing/upload"}, rateLimit = RateLimiter.KEYS)
public class DeviceSigningUploadRoute implements Route {
    private final CrossSigning crossSigning;
    private final UiaGate uia;

    @Activate
    public DeviceSigningUploadRoute(@Reference CrossSigning crossSigning, @Reference UiaGate uia) {
        this.crossSigning = crossSigning;
        this.uia = uia;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        JsonNode body = Bodies.object(request);
        CrossSigning.Upload upload = crossSigning.parseUpload(me.userId(), body);
        if (me.appServiceId() == null && crossSigning.needsAuthentication(me.userId(), upload)) {
            Optional<RouteResponse> challenge = uia.confirmPassword(request, body, me.userId());
            if (challenge.isPresent()) {
                return challenge.get();
            }
        }
        crossSigning.store(me.userId(), upload);
        return RouteResponse.ok(Map.of());
    }
}
