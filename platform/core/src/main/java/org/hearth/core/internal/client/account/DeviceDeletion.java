package org.hearth.core.internal.client.account;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.account.Sessions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Deleting devices after the user confirms their password (User-Interactive Auth with
 * {@code m.login.password}): shared by {@code DELETE /devices/{id}} and {@code POST /delete_devices}.
 */
@Component(service = DeviceDeletion.class)
public class DeviceDeletion {
    private final UiaGate uia;
    private final Sessions sessions;

    @Activate
    public DeviceDeletion(@Reference UiaGate uia,
                          @Reference Sessions sessions) {
        this.uia = uia;
        this.sessions = sessions;
    }

    RouteResponse delete(RouteRequest request, JsonNode body, List<String> deviceIds) throws MatrixException {
        Requester me = request.requester();
        Optional<RouteResponse> challenge = uia.confirmPassword(request, body, me.userId());
        if (challenge.isPresent()) {
            return challenge.get();
        }
        sessions.deleteDevices(me.userId(), deviceIds);
        return RouteResponse.ok(Map.of());
    }
}
