package org.hearth.core.internal.client.keys;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.core.internal.e2ee.DeviceLists;
import org.hearth.core.internal.paging.SyncToken;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/keys/changes?from=…&amp;to=…: the users whose device lists changed
 * between two sync tokens, and those the requester stopped sharing rooms with (see
 * {@link DeviceLists}). Both tokens are required.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/keys/changes")
public class KeysChangesRoute implements Route {
    private final DeviceLists deviceLists;

    @Activate
    public KeysChangesRoute(@Reference DeviceLists deviceLists) {
        this.deviceLists = deviceLists;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        SyncToken from = SyncToken.parse(request.queryParam("from")
                .orElseThrow(() -> MatrixException.missingParam("from is required")));
        SyncToken to = SyncToken.parse(request.queryParam("to")
                .orElseThrow(() -> MatrixException.missingParam("to is required")));
        DeviceLists.Changes changes = deviceLists.changes(request.requester().userId(), from.events(), to.events(),
                from.deviceLists(), to.deviceLists());
        return RouteResponse.ok(Map.of("changed", changes.changed(), "left", changes.left()));
    }
}
