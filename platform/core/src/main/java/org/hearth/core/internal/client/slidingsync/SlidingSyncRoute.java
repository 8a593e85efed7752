package org.hearth.core.internal.client.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.Bodies;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.DeviceId;
import org.hearth.core.internal.slidingsync.SlidingSyncRequest;
import org.hearth.core.internal.slidingsync.SlidingSyncService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/unstable/org.matrix.simplified_msc3575/sync, POST /_matrix/client/v4/sync
 *
 * <ul>
 *   <li>Simplified sliding sync (MSC4186), see {@link SlidingSyncService}.</li>
 *   <li>{@code pos} and {@code timeout} (ms, at most 5 minutes) as query parameters, as today's
 *       clients send them, or in the body, as the merged proposal does.</li>
 *   <li>The unstable paths speak today's clients' dialect ({@code ranges}, {@code required_state}
 *       pairs, sticky lists and subscriptions, {@code invite_state}); {@code v4} the merged one
 *       ({@code range}, {@code include}/{@code exclude}/{@code lazy_members}, {@code stripped_state}).</li>
 *   <li>matrix-js-sdk's {@code SlidingSync} (up to version 37) posts the same body to the
 *       {@code org.matrix.msc3575} prefix: served here too, without MSC3575's list {@code ops}.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = {"/_matrix/client/unstable/org.matrix.simplified_msc3575/sync",
    "/_matrix/client/unstable/org.matrix.msc3575/sync", "/_matrix/client/v4/sync"})
public class SlidingSyncRoute implements Route {
    private static final long MAX_TIMEOUT_MS = 300_000;
    private final SlidingSyncService sync;

    @Activate
    public SlidingSyncRoute(@Reference SlidingSyncService sync) {
        this.sync = sync;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        JsonNode body = Bodies.objectOrEmpty(request);
        String pos = request.queryParam("pos").orElse(Bodies.string(body, "pos"));
        String timeoutText = request.queryParam("timeout").orElse(null);
        long timeout;
        if (timeoutText != null) {
            try {
                timeout = Long.parseLong(timeoutText);
            } catch (NumberFormatException e) {
                throw MatrixException.invalidParam("timeout must be a number of milliseconds");
            }
        } else if (body.hasNonNull("timeout")) {
            if (!body.get("timeout").canConvertToLong()) {
                throw MatrixException.badJson("timeout must be a number of milliseconds");
            }
            timeout = body.get("timeout").longValue();
        } else {
            timeout = 0;
        }
        String presence = request.queryParam("set_presence").orElse(Bodies.string(body, "set_presence"));
        if (presence != null && !presence.equals("online") && !presence.equals("offline")
                && !presence.equals("unavailable")) {
            throw MatrixException.invalidParam("set_presence must be online, offline or unavailable");
        }
        boolean unstable = !request.path().startsWith("/_matrix/client/v4/");
        SlidingSyncRequest parsed = new SlidingSyncRequest(SlidingSyncRequest.connId(body), pos,
                Math.min(MAX_TIMEOUT_MS, Math.max(0, timeout)), body, unstable);
        return sync.sync(me.userId(), me.device().map(DeviceId::value).orElse(null), parsed);
    }
}
