package org.hearth.core.internal.client.push;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_matrix/client/v3/notifications
 *
 * <ul>
 *   <li>The user's notifications, newest first, with the event, the actions, whether a receipt
 *       covers it ({@code read}) and its time.</li>
 *   <li>{@code limit} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}),
 *       {@code from} a {@code next_token} of an earlier page, {@code only=highlight}.</li>
 *   <li>A bad {@code from} or {@code limit}: 400 {@code M_INVALID_PARAM}.</li>
 * </ul>
 */
@Component
@MatrixRoute(method = "GET", path = "/_matrix/client/v3/notifications")
public class NotificationsRoute implements Route {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final PushStore store;
    private final EventStore events;

    @Activate
    public NotificationsRoute(@Reference PushStore store, @Reference EventStore events) {
        this.store = store;
        this.events = events;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        Requester me = request.requester();
        long before = number(request.queryParam("from").orElse(null), Long.MAX_VALUE, "from");
        int limit = (int) Math.min(MAX_LIMIT, number(request.queryParam("limit").orElse(null), DEFAULT_LIMIT, "limit"));
        boolean onlyHighlight = "highlight".equals(request.queryParam("only").orElse(null));
        List<PushStore.Notification> page = store.notifications(me.userId(), before, limit, onlyHighlight);
        Map<String, StoredEvent> byId = events.events(page.stream().map(PushStore.Notification::eventId).toList())
                .stream().collect(Collectors.toMap(StoredEvent::eventId, Function.identity(), (a, b) -> a));
        ObjectNode body = F.objectNode();
        ArrayNode list = body.putArray("notifications");
        for (PushStore.Notification n : page) {
            StoredEvent event = byId.get(n.eventId());
            if (event == null) {
                continue;
            }
            ObjectNode json = list.addObject();
            json.set("actions", Json.stored(n.actionsJson()));
            json.set("event", ClientEvents.format(event, true));
            json.putNull("profile_tag"); // no rule has one here; SyTest and Synapse give the key
            json.put("read", n.read());
            json.put("room_id", n.roomId());
            json.put("ts", n.ts());
        }
        if (page.size() == limit && limit > 0) {
            body.put("next_token", Long.toString(page.get(page.size() - 1).streamPosition()));
        }
        return RouteResponse.ok(body);
    }

    private static long number(String text, long fallback, String name) throws MatrixException {
        if (text == null) {
            return fallback;
        }
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            throw MatrixException.invalidParam(name + " must be a non-negative number");
        }
        return Long.parseLong(text);
    }
}
