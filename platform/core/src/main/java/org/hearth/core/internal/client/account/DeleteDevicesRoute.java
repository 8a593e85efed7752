package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** POST /_matrix/client/v3/delete_devices: deletes several devices, after User-Interactive Auth. */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/delete_devices")
public class DeleteDevicesRoute implements Route {
    private final DeviceDeletion deletion;

    @Activate
    public DeleteDevicesRoute(@Reference DeviceDeletion deletion) {
        this.deletion = deletion;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        JsonNode body = Bodies.object(request);
        return deletion.delete(request, body, Bodies.strings(body, "devices"));
    }
}
