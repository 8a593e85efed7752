package org.hearth.core.internal.client.account;

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

/** GET /_matrix/client/v3/devices/{deviceId}: one of the requester's devices; 404 M_NOT_FOUND when unknown. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/devices/{deviceId}", access = Access.GUEST)
public class DeviceRoute implements Route {
    private final DeviceStore devices;
    private final LastSeen lastSeen;

    @Activate
    public DeviceRoute(@Reference DeviceStore devices, @Reference LastSeen lastSeen) {
        this.devices = devices;
        this.lastSeen = lastSeen;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        return devices.device(me.userId(), request.deviceId("deviceId").value())
                .map(d -> RouteResponse.ok(DeviceJson.of(lastSeen.current(d))))
                .orElseThrow(() -> MatrixException.notFound("Unknown device"));
    }
}
