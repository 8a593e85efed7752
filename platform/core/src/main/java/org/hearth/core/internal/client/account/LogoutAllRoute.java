package org.hearth.core.internal.client.account;

import java.util.Map;
import org.hearth.api.auth.Requester;
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.DeviceStore;
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
    private final Sessions sessions;
    private final DeviceStore devices;
    @Activate
    public LogoutAllRoute(@Reference Sessions sessions, @Reference DeviceStore devices) {
        this.sessions = sessions;
        this.devices = devices;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        sessions.deleteDevices(me.userId(), devices.devices(me.userId()).stream().map(Device::deviceId).toList());
        return RouteResponse.ok(Map.of());
    }
}
