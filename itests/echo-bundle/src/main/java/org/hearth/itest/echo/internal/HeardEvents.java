package org.hearth.itest.echo.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.event.StreamConsumer;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.osgi.service.component.annotations.Component;

/**
 * A durable event stream consumer from outside core that remembers the event IDs it was handed,
 * in order, and shows them at GET /_hearth/test/heard.
 */
@Component(service = {EventStreamConsumer.class, Route.class})
@StreamConsumer(name = "echo-heard")
@MatrixRoute(method = "GET", path = "/_hearth/test/heard", access = Access.NONE)
public class HeardEvents implements EventStreamConsumer, Route {
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @Override
    public void accept(List<RoomEvent> batch) {
        batch.forEach(event -> heard.add(event.eventId() + " " + event.streamPosition()));
    }

    @Override
    public RouteResponse handle(RouteRequest request) {
        return RouteResponse.ok(Map.of("heard", List.copyOf(heard)));
    }
}
