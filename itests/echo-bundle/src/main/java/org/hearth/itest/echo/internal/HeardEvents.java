package org.hearth.itest.echo.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearth.api.event.EventListener;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/**
 * An {@link EventListener} from outside core that remembers the event IDs it was told of, in
 * order, and shows them at GET /_hearth/test/heard.
 */
@Component(service = {EventListener.class, Route.class})
@MatrixRoute(method = "GET", path = "/_hearth/test/heard")
public class HeardEvents implements EventListener, Route {
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(RoomEvent event) {
        heard.add(event.eventId() + " " + event.streamPosition());
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(Map.of("heard", List.copyOf(heard)));
    }
}
