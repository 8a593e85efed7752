package org.hearth.core.internal.client.account;

import java.util.List;
import java.util.Map;
import org.hearth.api.auth.Requester;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.core.internal.account.LastSeen;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/devices: the requester's devices. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/devices", access = Access.GUEST)
public class DevicesRoute implements Route {
    private final DeviceStore devices;
    private final LastSeen lastSeen;

    @Activate
    public DevicesRoute(@Reference DeviceStore devices, @Reference LastSeen lastSeen) {
        this.devices = devices;
        this.lastSeen = lastSeen;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        List<Map<String, Object>> list = devices.devices(me.userId()).stream().map(lastSeen::current).map(DeviceJson::of).toList();
        return RouteResponse.ok(Map.of("devices", list));
    }
}
