package org.hearth.core.internal.client.peeking;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.id.DeviceId;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.room.Viewer;
import org.hearth.core.internal.peeking.Peeks;
import org.hearth.core.internal.rooms.Memberships;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * POST /_matrix/client/v3/peek/{roomIdOrAlias} (MSC2753, not in the specification): the device's
 * syncs show the room under {@code rooms.peek} like a joined room, the first one whole.
 *
 * <ul>
 *   <li>Only a room the user may read without being in it: {@code world_readable} (as
 *       "Peeking" in the specification); else 403 {@code M_FORBIDDEN}. A room the user is in
 *       shows under {@code join} instead.</li>
 *   <li>Answers {@code {"room_id": ...}}.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "POST", path = "/_matrix/client/v3/peek/{roomIdOrAlias}")
public class PeekRoute implements Route {
    private final Memberships memberships;
    private final RoomAccess access;
    private final Peeks peeks;

    @Activate
    public PeekRoute(@Reference Memberships memberships, @Reference RoomAccess access, @Reference Peeks peeks) {
        this.memberships = memberships;
        this.access = access;
        this.peeks = peeks;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        String roomId = memberships.resolve(request.pathParam("roomIdOrAlias"));
        RoomView view = access.view(Viewer.user(me.userId()), roomId);
        if (!view.member() && view.stateAt() != null) { // a former member reads up to their leaving only
            throw MatrixException.forbidden("This room is not world-readable");
        }
        peeks.peek(me.userId().toString(), me.device().map(DeviceId::value).orElse(""), roomId);
        return RouteResponse.ok(Map.of("room_id", roomId));
    }
}
