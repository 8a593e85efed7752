package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.core.internal.account.PasswordHasher;
import org.hearth.core.internal.account.Sessions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /_matrix/client/v3/account/password
 *
 * <ul>
 *   <li>User-Interactive Auth with the current password.</li>
 *   <li>{@code logout_devices} (default true): every other device is logged out.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/account/password")
public class PasswordRoute implements Route {
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");
    private final UiaGate uia;
    private final AccountStore accounts;
    private final DeviceStore devices;
    private final Sessions sessions;
    private final PasswordHasher hasher;

    @Activate
    public PasswordRoute(@Reference UiaGate uia,
                         @Reference AccountStore accounts, @Reference DeviceStore devices,
                         @Reference Sessions sessions, @Reference PasswordHasher hasher) {
        this.uia = uia;
        this.accounts = accounts;
        this.devices = devices;
        this.sessions = sessions;
        this.hasher = hasher;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        JsonNode body = Bodies.object(request);
        String newPassword = Bodies.requiredString(body, "new_password");
        if (newPassword.isEmpty() || newPassword.length() > PasswordHasher.MAX_PASSWORD_LENGTH) {
            throw new MatrixException(400, "M_WEAK_PASSWORD", "The password must have 1 to 512 characters");
        }
        Optional<RouteResponse> challenge = uia.confirmPassword(request, body, me.userId());
        if (challenge.isPresent()) {
            return challenge.get();
        }
        accounts.setPasswordHash(me.userId(), hasher.hash(newPassword));
        if (Bodies.bool(body, "logout_devices", true)) {
            sessions.deleteDevices(me.userId(), devices.devices(me.userId()).stream()
                    .map(Device::deviceId).filter(id -> !id.equals(me.deviceId().value())).toList());
        }
        AUDIT.info("Password of {} changed from device {}", me.userId(), me.deviceId());
        return RouteResponse.ok(Map.of());
    }
}
