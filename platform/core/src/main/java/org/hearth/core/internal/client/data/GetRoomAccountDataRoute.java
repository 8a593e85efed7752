package org.hearth.core.internal.client.data;

import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type} */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}")
public class GetRoomAccountDataRoute implements Route {
    private final AccountData accountData;

    @Activate
    public GetRoomAccountDataRoute(@Reference AccountData accountData) {
        this.accountData = accountData;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        return accountData.get(request, request.roomId("roomId").value());
    }
}
