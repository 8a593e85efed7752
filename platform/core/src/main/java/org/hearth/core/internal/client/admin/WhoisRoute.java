package org.hearth.core.internal.client.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.DeviceInfo;
import org.hearth.api.auth.Requester;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/admin/whois/{userId}: a local user's devices, each with where and with
 * which client it was last seen, for admins and for the user themselves (spec "Server
 * administration"). A device keeps its last sighting only, so each has one session of at most
 * one connection.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/admin/whois/{userId}")
public class WhoisRoute implements Route {
    private final UserAdmin admin;
    private final LocalServer server;

    @Activate
    public WhoisRoute(@Reference UserAdmin admin, @Reference LocalServer server) {
        this.admin = admin;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        if (!me.admin() && !me.userId().equals(request.userId("userId"))) {
            throw MatrixException.forbidden("Only a server admin may look up another user");
        }
        UserId user = AdminTarget.local(request, admin, server).userId();
        Map<String, Object> devices = new LinkedHashMap<>();
        for (DeviceInfo device : admin.devices(user)) {
            List<Map<String, Object>> connections = device.lastSeenAt() == null ? List.of()
                    : List.of(connection(device));
            devices.put(device.deviceId().value(), Map.of("sessions", List.of(Map.of("connections", connections))));
        }
        return RouteResponse.ok(Map.of("user_id", user.toString(), "devices", devices));
    }

    private static Map<String, Object> connection(DeviceInfo device) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("ip", device.lastSeenIp() != null ? device.lastSeenIp() : "");
        connection.put("last_seen", device.lastSeenAt());
        connection.put("user_agent", device.lastSeenUserAgent() != null ? device.lastSeenUserAgent() : "");
        return connection;
    }
}
