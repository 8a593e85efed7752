package org.hearth.core.internal.client.data;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.TextLimits;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Account data (Client-Server API, "Client Config"): a user reads and writes only their own;
 * a change wakes their syncs. {@code m.fully_read} and {@code m.push_rules} are the server's own
 * and cannot be set here.
 */
@Component(service = AccountData.class)
public class AccountData {
    private final UserDataStore userData;
    private final Notifier notifier;

    @Activate
    public AccountData(@Reference UserDataStore userData, @Reference Notifier notifier) {
        this.userData = userData;
        this.notifier = notifier;
    }

    RouteResponse put(RouteRequest request, String roomId) throws MatrixException {
        Requester me = owner(request);
        String type = TextLimits.identifier(request.pathParam("type"), "The account data type");
        if ("m.fully_read".equals(type) || "m.push_rules".equals(type)) {
            throw new MatrixException(405, "M_BAD_JSON", "Cannot set " + type + " through the account data API");
        }
        JsonNode content = Bodies.object(request);
        if (roomId == null && IgnoredUsers.TYPE.equals(type)) {
            IgnoredUsers.check(me.userId(), content);
        }
        userData.putAccountData(me.userId(), roomId, type, content.toString());
        notifier.userChanged(me.userId().toString());
        return RouteResponse.ok(java.util.Map.of());
    }

    RouteResponse get(RouteRequest request, String roomId) throws MatrixException {
        Requester me = owner(request);
        String json = userData.accountData(me.userId(), roomId, request.pathParam("type"))
                .orElseThrow(() -> MatrixException.notFound("Account data not found"));
        return RouteResponse.ok(Json.stored(json));
    }

    private Requester owner(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        if (!me.userId().toString().equals(request.userId("userId").toString())) {
            throw MatrixException.forbidden("Cannot access other users' account data");
        }
        return me;
    }
}
