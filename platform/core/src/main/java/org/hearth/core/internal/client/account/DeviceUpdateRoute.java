package org.hearth.core.internal.client.account;

import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Access;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.RateLimiter;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.core.internal.account.Sessions;
import org.hearth.core.internal.e2ee.DeviceLists;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** PUT /_matrix/client/v3/devices/{deviceId}: renames one of the requester's devices; 404 M_NOT_FOUND when unknown. */
@Component
@MatrixRoute(method = "PUT", path = "/_matrix/client/v3/devices/{deviceId}", access = Access.GUEST, rateLimit = RateLimiter.PROFILE)
public class DeviceUpdateRoute implements Route {
    private final DeviceStore devices;
    private final DeviceLists deviceLists;

    @Activate
    public DeviceUpdateRoute(@Reference DeviceStore devices, @Reference DeviceLists deviceLists) {
        this.devices = devices;
        this.deviceLists = deviceLists;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String deviceId = request.deviceId("deviceId").value();
        String name = Bodies.string(Bodies.object(request), "display_name");
        Sessions.checkDeviceName(name);
        if (devices.device(me.userId(), deviceId).isEmpty()) {
            throw MatrixException.notFound("Unknown device");
        }
        if (name != null) {
            devices.renameDevice(me.userId(), deviceId, name);
            deviceLists.devicesChanged(me.userId(), List.of(deviceId)); // the name is part of what /keys/query shows
        }
        return RouteResponse.ok(Map.of());
    }
}
