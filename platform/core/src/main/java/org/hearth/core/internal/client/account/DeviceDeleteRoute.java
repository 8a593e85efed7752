package org.hearth.core.internal.client.account;

import java.util.List;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** DELETE /_matrix/client/v3/devices/{deviceId}: deletes a device and its tokens, after User-Interactive Auth. */
@Component
@MatrixRoute(method = "DELETE", path = "/_matrix/client/v3/devices/{deviceId}")
public class DeviceDeleteRoute implements Route {
    private final DeviceDeletion deletion;

    @Activate
    public DeviceDeleteRoute(@Reference DeviceDeletion deletion) {
        this.deletion = deletion;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return deletion.delete(request, Bodies.objectOrEmpty(request), List.of(request.deviceId("deviceId").value()));
    }
}
