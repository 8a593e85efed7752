package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.auth.RequestAuth;
import org.hearth.api.auth.Requester;
import org.hearth.api.store.Device;
import org.hearth.api.store.DeviceStore;
import org.hearth.core.internal.account.Sessions;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/logout/all: deletes every device of the user, with all their tokens. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/logout/all")
public class LogoutAllRoute implements Route {
    private final RequestAuth auth;
    private final Sessions sessions;
    private final DeviceStore devices;
    @Activate
    public LogoutAllRoute(@Reference RequestAuth auth, @Reference Sessions sessions, @Reference DeviceStore devices) {
        this.auth = auth;
        this.sessions = sessions;
        this.devices = devices;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = auth.require(request);
        sessions.deleteDevices(me.userId(), devices.devices(me.userId()).stream().map(Device::deviceId).toList());
        return RouteResponse.ok(Map.of());
    }
}
