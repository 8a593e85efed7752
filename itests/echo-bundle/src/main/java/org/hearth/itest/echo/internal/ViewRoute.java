package org.hearth.itest.echo.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.room.RoomViews;
import org.hearth.api.room.Viewer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_hearth/test/view/{roomId}?user=…|server=…: what a bundle reading through {@link RoomViews}
 * gets for that viewer: the IDs of the newest 100 events it may see, newest first, and the types
 * of the state it sees (403/404 as core answers).
 */
@Component
@MatrixRoute(method = "GET", path = "/_hearth/test/view/{roomId}", access = Access.NONE)
public class ViewRoute implements Route {
    private final RoomViews views;

    @Activate
    public ViewRoute(@Reference RoomViews views) {
        this.views = views;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Viewer viewer = request.queryParam("user").isPresent()
                ? Viewer.user(UserId.parse(request.queryParam("user").get())
                        .orElseThrow(() -> MatrixException.invalidParam("user")))
                : Viewer.server(new ServerName(request.queryParam("server")
                        .orElseThrow(() -> MatrixException.missingParam("user or server"))));
        List<String> events = new ArrayList<>();
        for (RoomEvent e : views.messages(viewer, request.roomId("roomId"), Long.MAX_VALUE, true, 100)) {
            events.add(e.eventId().value());
        }
        List<String> state = new ArrayList<>();
        views.state(viewer, request.roomId("roomId")).forEach(e -> state.add(e.type()));
        return RouteResponse.ok(Map.of("events", events, "state", state));
    }
}
