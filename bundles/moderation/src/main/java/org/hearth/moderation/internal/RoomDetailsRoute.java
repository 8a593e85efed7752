package org.hearth.moderation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearth.api.HomeServer;
import org.hearth.api.MatrixException;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.http.Access;
import org.hearth.api.http.MatrixRoute;
import org.hearth.api.http.Route;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.RoomViews;
import org.hearth.api.room.Viewer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * GET /_synapse/admin/v1/rooms/{roomId}: what an administrator looks at before blocking or
 * shutting a room down, in the fields of Synapse's room details (name, topic, aliases, members
 * here and everywhere, version, creator, rules, number of state events, public directory). 404 for
 * a room unknown here.
 */
@Component
@MatrixRoute(method = "GET", path = "/_synapse/admin/v1/rooms/{roomId}", access = Access.ADMIN)
public class RoomDetailsRoute implements Route {
    private final RoomViews views;
    private final HomeServer server;

    @Activate
    public RoomDetailsRoute(@Reference RoomViews views, @Reference HomeServer server) {
        this.views = views;
        this.server = server;
    }

    @Override
    public RouteResponse handle(RouteRequest request) throws MatrixException {
        RoomId room = request.roomId("roomId");
        String version = views.roomVersion(room).orElseThrow(() -> MatrixException.notFound("Unknown room " + room));
        Map<String, JsonNode> contents = new HashMap<>();
        String createSender = null;
        int stateEvents = 0;
        int joined = 0;
        int joinedHere = 0;
        for (RoomEvent event : views.state(Viewer.EVERYTHING, room)) {
            stateEvents++;
            if ("m.room.member".equals(event.type())) { // counted here: the state holds the members
                if ("join".equals(event.content().path("membership").asText())) {
                    joined++;
                    joinedHere += UserId.parse(event.stateKey()).filter(u -> u.server().equals(server.name()))
                            .isPresent() ? 1 : 0;
                }
            } else if (event.stateKey().isEmpty()) {
                contents.put(event.type(), event.content());
                if ("m.room.create".equals(event.type())) {
                    createSender = event.sender().toString();
                }
            }
        }
        JsonNode create = contents.getOrDefault("m.room.create", MissingNode.getInstance());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("room_id", room.toString());
        details.put("name", text(contents, "m.room.name", "name"));
        details.put("topic", text(contents, "m.room.topic", "topic"));
        details.put("avatar", text(contents, "m.room.avatar", "url"));
        details.put("canonical_alias", text(contents, "m.room.canonical_alias", "alias"));
        details.put("joined_members", joined);
        details.put("joined_local_members", joinedHere);
        details.put("version", version);
        // rooms before version 11 name their creator in the create event's content
        details.put("creator", create.path("creator").isTextual() ? create.path("creator").asText() : createSender);
        details.put("encryption", text(contents, "m.room.encryption", "algorithm"));
        details.put("federatable", create.path("m.federate").asBoolean(true));
        details.put("public", views.published(room));
        details.put("join_rules", text(contents, "m.room.join_rules", "join_rule"));
        details.put("guest_access", text(contents, "m.room.guest_access", "guest_access"));
        details.put("history_visibility", text(contents, "m.room.history_visibility", "history_visibility"));
        details.put("state_events", stateEvents);
        details.put("room_type", create.path("type").isTextual() ? create.path("type").asText() : null);
        return RouteResponse.ok(details);
    }

    /** A text field of a piece of state (state key ""), or null. */
    private static String text(Map<String, JsonNode> contents, String type, String field) {
        JsonNode value = contents.containsKey(type) ? contents.get(type).path(field) : null;
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
