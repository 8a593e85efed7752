package org.hearth.core.internal.client.sync;

import java.util.concurrent.CompletableFuture;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.DeviceId;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.paging.SyncToken;
import org.hearth.core.internal.sync.SyncFilter;
import org.hearth.core.internal.sync.SyncResponse;
import org.hearth.core.internal.presence.Presence;
import org.hearth.core.internal.sync.SyncService;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/sync
 *
 * <ul>
 *   <li>{@code since}: a {@code next_batch} token; absent for an initial sync.</li>
 *   <li>{@code timeout} (ms, at most 5 minutes): how long to wait for news.</li>
 *   <li>{@code filter}: a filter ID from {@code POST /user/{userId}/filter}, or inline JSON.</li>
 *   <li>{@code full_state}; {@code set_presence} (absent: the sync marks the user online, see {@link Presence}).</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/sync")
public class SyncRoute implements Route {
    private static final long MAX_TIMEOUT_MS = 300_000;
    private final SyncService sync;
    private final UserDataStore userData;
    private final Presence presence;

    @Activate
    public SyncRoute(@Reference SyncService sync, @Reference UserDataStore userData, @Reference Presence presence) {
        this.sync = sync;
        this.userData = userData;
        this.presence = presence;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        SyncToken since = null;
        if (request.queryParam("since").isPresent()) {
            since = SyncToken.parse(request.queryParam("since").get());
        }
        long timeout;
        try {
            timeout = Math.min(MAX_TIMEOUT_MS, Math.max(0, Long.parseLong(request.queryParam("timeout").orElse("0"))));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("timeout must be a number of milliseconds");
        }
        String filterParam = request.queryParam("filter").orElse(null);
        SyncFilter filter = filterParam == null ? SyncFilter.DEFAULT : filter(me, filterParam);
        boolean fullState = "true".equals(request.queryParam("full_state").orElse("false"));
        presence.syncing(me.userId(), request.queryParam("set_presence").orElse(null));
        CompletableFuture<SyncResponse> answer = sync.sync(new SyncService.Request(me.userId(),
                me.device().map(DeviceId::value).orElse(null), since, filter, fullState, timeout));
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            return RouteResponse.ok(SyncJson.of(answer.join(), filter.federationFormat()));
        }
        return RouteResponse.later(answer.thenApply(response ->
                RouteResponse.ok(SyncJson.of(response, filter.federationFormat()))));
    }

    private SyncFilter filter(Requester me, String filter) throws MatrixException {
        String json = filter.startsWith("{") ? filter : userData.filter(me.userId(), filter)
                .orElseThrow(() -> MatrixException.invalidParam("Unknown filter " + filter));
        return SyncFilter.parse(Json.clientObject(json, "The filter"));
    }
}
