package org.hearth.core.internal.client.legacy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.MatrixException;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/initialSync (deprecated): every room of the user with its latest
 * {@code limit} messages (default 10) and current state, invites, with {@code archived=true}
 * the rooms left too; presence, the joined rooms' read receipts and account data; {@code end} a
 * token for {@code /events}.
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/initialSync")
public class InitialSyncRoute implements Route {
    private final LegacySync legacy;

    @Activate
    public InitialSyncRoute(@Reference LegacySync legacy) {
        this.legacy = legacy;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        int limit = Limits.limit(request, Limits.INITIAL_SYNC_DEFAULT);
        boolean archived = "true".equals(request.queryParam("archived").orElse("false"));
        ObjectNode body = legacy.initialSync(request.requester(), limit, archived);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("end", body.path("next_batch").asText());
        ArrayNode rooms = out.putArray("rooms");
        for (String membership : new String[] {"join", "invite", "leave"}) {
            body.path("rooms").path(membership).properties().forEach(r -> {
                ObjectNode room = legacy.room(body, r.getKey(), limit);
                if (room != null) {
                    rooms.add(room);
                }
            });
        }
        out.set("presence", LegacySync.presence(body));
        out.set("receipts", LegacySync.receipts(body));
        out.set("account_data", body.at("/account_data/events"));
        return RouteResponse.ok(out);
    }
}
