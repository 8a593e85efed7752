package org.hearth.core.internal.client.account;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.rooms.RoomWriter;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/capabilities: what this server lets the requester do, and its room versions. */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/capabilities")
public class CapabilitiesRoute implements Route {
    private final Map<String, Object> capabilities;
    /** An admin's: also what the server administration endpoints let them do to accounts. */
    private final Map<String, Object> adminCapabilities;

    @Activate
    public CapabilitiesRoute(@Reference RoomWriter writer) {
        Map<String, Object> everyone = Map.of(
                "m.change_password", Map.of("enabled", true),
                "m.3pid_changes", Map.of("enabled", false),
                "m.get_login_token", Map.of("enabled", false),
                "m.set_displayname", Map.of("enabled", true),
                "m.set_avatar_url", Map.of("enabled", true),
                "m.profile_fields", Map.of("enabled", true),
                "m.room_versions", Map.of(
                        "default", writer.defaultVersion().id(),
                        "available", RoomVersions.ALL.stream().collect(
                                Collectors.toMap(RoomVersion::id, v -> v.stability().label()))));
        capabilities = Map.of("capabilities", everyone);
        Map<String, Object> admins = new HashMap<>(everyone);
        admins.put("m.account_moderation", Map.of("lock", true, "suspend", true));
        adminCapabilities = Map.of("capabilities", Map.copyOf(admins));
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return RouteResponse.ok(request.requester().admin() ? adminCapabilities : capabilities);
    }
}
