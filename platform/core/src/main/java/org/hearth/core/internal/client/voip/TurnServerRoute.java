package org.hearth.core.internal.client.voip;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * GET /_matrix/client/v3/voip/turnServer: TURN credentials for calls (Client-Server API, "Voice
 * over IP").
 *
 * <ul>
 *   <li>With {@code voip.turn_shared_secret}: coturn's time-limited credentials (its REST API
 *       scheme): user name {@code <expiry in s>:<user ID>}, password the base64 HMAC-SHA1 of the
 *       user name under the secret.</li>
 *   <li>Else with {@code voip.turn_username}/{@code turn_password}: those.</li>
 *   <li>No {@code voip.turn_uris}, or no credentials: 403 {@code M_FORBIDDEN}, which tells
 *       clients (matrix-js-sdk) to stop asking.</li>
 * </ul>
 */
@Component(configurationPid = "hearth.voip", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VoipConfig.class)
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/voip/turnServer")
public class TurnServerRoute implements Route {
    private final List<String> uris;
    private final byte[] sharedSecret;
    private final String username;
    private final String password;
    private final int lifetimeSeconds;
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    public TurnServerRoute(VoipConfig config) {
        this.uris = List.of(config.turn__uris());
        this.sharedSecret = config.turn__shared__secret().getBytes(StandardCharsets.UTF_8);
        this.username = config.turn__username();
        this.password = config.turn__password();
        this.lifetimeSeconds = config.turn__user__lifetime();
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        String user = request.requester().userId().toString();
        if (uris.isEmpty() || (sharedSecret.length == 0 && username.isEmpty())) {
            throw MatrixException.forbidden("This server has no TURN server");
        }
        if (sharedSecret.length == 0) {
            return credentials(username, password);
        }
        String name = (clock.millis() / 1000 + lifetimeSeconds) + ":" + user;
        return credentials(name, Base64.getEncoder().encodeToString(hmacSha1(name)));
    }

    private RouteResponse credentials(String name, String secret) {
        return RouteResponse.ok(Map.of("username", name, "password", secret, "uris", uris, "ttl", lifetimeSeconds));
    }

    private byte[] hmacSha1(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret, "HmacSHA1"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is in every JVM", e);
        }
    }
}
