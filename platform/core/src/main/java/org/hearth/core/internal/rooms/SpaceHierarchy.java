package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.PathSegments;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Space trees (Client-Server API, "Spaces", {@code GET /hierarchy}; Server-Server API, "Spaces"):
 * a depth-first walk over the {@code m.space.child} state of space-rooms, showing only rooms the
 * user (or, over federation, the asking server) could see or join. Rooms this server does not
 * hold are asked of the servers in the child event's {@code via}.
 *
 * <p>Pagination is stateless: the {@code from} token carries how many rooms were already given
 * and the walk's {@code max_depth} and {@code suggested_only}, which the spec forbids changing
 * between pages; the walk is made again and that many rooms skipped.
 */
@Component(service = SpaceHierarchy.class)
public class SpaceHierarchy {
    static final String CHILD = "m.space.child";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 100;
    private static final int MAX_DEPTH = 10;
    /** Children considered per space (Synapse's bound too): a huge space cannot make a walk huge. */
    private static final int MAX_CHILDREN = 50;
    /** Rooms looked at in one request, pages skipped included. */
    private static final int MAX_WALK = 1_000;
    private static final int MAX_VIA = 3;
    private static final int MAX_FROM = MAX_WALK;

    private final EventStore events;
    private final RoomStore rooms;
    private final RoomDirectory directory;
    private final RoomAccess access;
    private final FederationLink link;
    private final ServerName self;

    /** The request's walk parameters; {@code skip} rooms were given in earlier pages. */
    public record Walk(boolean suggestedOnly, int maxDepth, int limit, int skip) {
        /** Reads {@code suggested_only}, {@code max_depth}, {@code limit} and {@code from}, each bounded. */
        public static Walk of(String suggestedOnly, String maxDepth, String limit, String from) throws MatrixException {
            boolean suggested = "true".equals(suggestedOnly);
            if (suggestedOnly != null && !suggested && !"false".equals(suggestedOnly)) {
                throw MatrixException.invalidParam("suggested_only must be true or false");
            }
            int depth = number(maxDepth, "max_depth", MAX_DEPTH, 0);
            int size = number(limit, "limit", DEFAULT_LIMIT, 1);
            if (from == null) {
                return new Walk(suggested, Math.min(depth, MAX_DEPTH), Math.min(size, MAX_LIMIT), 0);
            }
            String[] parts = from.split("_", -1);
            if (parts.length != 3 || !parts[0].matches("[0-9]{1,4}") || Integer.parseInt(parts[0]) > MAX_FROM) {
                throw MatrixException.invalidParam("Invalid from token");
            }
            if (!parts[1].equals(Integer.toString(Math.min(depth, MAX_DEPTH))) || !parts[2].equals(suggested ? "s" : "a")) {
                throw MatrixException.invalidParam("max_depth and suggested_only cannot change between pages");
            }
            return new Walk(suggested, Math.min(depth, MAX_DEPTH), Math.min(size, MAX_LIMIT), Integer.parseInt(parts[0]));
        }

        private static int number(String text, String name, int absent, int min) throws MatrixException {
            if (text == null) {
                return absent;
            }
            try {
                int value = Integer.parseInt(text);
                if (value < min) {
                    throw MatrixException.invalidParam(name + " must be at least " + min);
                }
                return value;
            } catch (NumberFormatException e) {
                throw MatrixException.invalidParam(name + " must be a number");
            }
        }

        String next(int given) {
            return given + "_" + maxDepth + "_" + (suggestedOnly ? "s" : "a");
        }
    }

    /** A room of the walk: its summary with {@code children_state}, and what the walk still needs. */
    private record Node(ObjectNode summary, List<ObjectNode> children) {}

    private record Pending(String roomId, int depth, List<ServerName> via) {}

    @Activate
    public SpaceHierarchy(@Reference EventStore events, @Reference RoomStore rooms, @Reference RoomDirectory directory,
                          @Reference RoomAccess access, @Reference FederationLink link, @Reference LocalServer server) {
        this.events = events;
        this.rooms = rooms;
        this.directory = directory;
        this.access = access;
        this.link = link;
        this.self = server.name();
    }

    /** {@code GET /_matrix/client/v1/rooms/{roomId}/hierarchy}: a page of the tree under the room. */
    public ObjectNode forUser(UserId user, RoomId root, Walk walk) throws MatrixException {
        RoomAccess.checkRoomId(root.value());
        if (!held(root.value())) {
            throw MatrixException.forbidden("You cannot view room " + root);
        }
        Node rootNode = local(root.value(), walk.suggestedOnly());
        if (!userMaySee(user, rootNode.summary())) {
            throw MatrixException.forbidden("You cannot view room " + root);
        }
        List<ObjectNode> page = new ArrayList<>();
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(root.value(), 0, List.of()));
        Set<String> visited = new HashSet<>();
        int shown = 0;
        while (!stack.isEmpty() && page.size() <= walk.limit() && visited.size() < MAX_WALK) {
            Pending next = stack.pop();
            if (!visited.add(next.roomId())) {
                continue; // a loop, or a room reached twice
            }
            Node node = next.depth() == 0 ? rootNode
                    : held(next.roomId()) ? local(next.roomId(), walk.suggestedOnly())
                    : remote(next.roomId(), next.via(), walk.suggestedOnly()).orElse(null);
            if (node == null || !userMaySee(user, node.summary())) {
                continue;
            }
            if (shown++ >= walk.skip()) {
                page.add(node.summary());
            }
            if (next.depth() < walk.maxDepth()) {
                List<ObjectNode> children = node.children();
                for (int i = children.size() - 1; i >= 0; i--) {
                    ObjectNode child = children.get(i);
                    stack.push(new Pending(child.path("state_key").asText(), next.depth() + 1, via(child)));
                }
            }
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode out = answer.putArray("rooms");
        page.stream().limit(walk.limit()).forEach(out::add);
        if (page.size() > walk.limit() && walk.skip() + walk.limit() < MAX_FROM) {
            answer.put("next_batch", walk.next(walk.skip() + walk.limit()));
        }
        return answer;
    }

    /**
     * {@code GET /_matrix/federation/v1/hierarchy/{roomId}}: the room and its direct children
     * this server holds, those the asking server may not see listed as inaccessible; 404 for a
     * room it may not see (Server-Server API, "Spaces").
     */
    public ObjectNode forServer(ServerName origin, RoomId roomId, boolean suggestedOnly) throws MatrixException {
        String id = roomId.value();
        if (!held(id) || !serverMaySee(origin, id)) {
            throw MatrixException.notFound("Room " + id + " is unknown or not visible to " + origin);
        }
        Node node = local(id, suggestedOnly);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("room", node.summary());
        ArrayNode children = answer.putArray("children");
        ArrayNode inaccessible = answer.putArray("inaccessible_children");
        for (ObjectNode child : node.children()) {
            String childId = child.path("state_key").asText();
            if (!held(childId)) {
                continue;
            }
            if (serverMaySee(origin, childId)) {
                children.add(local(childId, suggestedOnly).summary());
            } else {
                inaccessible.add(childId);
            }
        }
        return answer;
    }

    private boolean held(String roomId) {
        return RoomId.isValid(roomId) && rooms.room(roomId).isPresent()
                && events.currentStateEvent(roomId, "m.room.create", "").isPresent();
    }

    /** A room this server holds: its summary, {@code allowed_room_ids}, and its ordered children. */
    private Node local(String roomId, boolean suggestedOnly) {
        ObjectNode summary = PublicRoomsJson.room(directory.summary(new RoomId(roomId)));
        ArrayNode allowed = summary.putArray("allowed_room_ids");
        content(roomId, "m.room.join_rules").path("allow").forEach(rule -> {
            if ("m.room_membership".equals(rule.path("type").asText()) && rule.path("room_id").isTextual()) {
                allowed.add(rule.path("room_id").asText());
            }
        });
        List<StoredEvent> childEvents = new ArrayList<>();
        for (Map.Entry<StateKey, String> e : events.currentState(roomId).entrySet()) {
            if (CHILD.equals(e.getKey().type())) {
                events.event(e.getValue()).ifPresent(childEvents::add);
            }
        }
        List<ObjectNode> children = new ArrayList<>();
        for (StoredEvent e : childEvents) {
            ObjectNode stripped = ClientEvents.stripped(e);
            stripped.put("origin_server_ts", e.originServerTs());
            if (isChild(stripped, suggestedOnly)) {
                children.add(stripped);
            }
        }
        children.sort(ORDER);
        List<ObjectNode> bounded = children.subList(0, Math.min(children.size(), MAX_CHILDREN));
        ArrayNode state = summary.putArray("children_state");
        bounded.forEach(state::add);
        return new Node(summary, bounded);
    }

    /** A room of another server, asked of the child event's {@code via} servers; empty if none answers. */
    private Optional<Node> remote(String roomId, List<ServerName> via, boolean suggestedOnly) {
        RemoteServers remote = link.remote();
        if (remote == null || !RoomId.isValid(roomId)) {
            return Optional.empty();
        }
        for (ServerName server : via) {
            try {
                JsonNode answer = remote.request(server, "GET", "/_matrix/federation/v1/hierarchy/" + PathSegments.encode(roomId),
                        Map.of("suggested_only", List.of(Boolean.toString(suggestedOnly))), null);
                JsonNode room = answer.path("room");
                if (room instanceof ObjectNode summary && roomId.equals(summary.path("room_id").asText())) {
                    return Optional.of(remoteNode(summary.deepCopy(), suggestedOnly));
                }
            } catch (RemoteException e) {
                // the next server may know the room
            }
        }
        return Optional.empty();
    }

    /** A summary from another server, its children checked as ours are. */
    private static Node remoteNode(ObjectNode summary, boolean suggestedOnly) {
        List<ObjectNode> children = new ArrayList<>();
        for (JsonNode child : summary.path("children_state")) {
            if (child instanceof ObjectNode stripped && CHILD.equals(stripped.path("type").asText())
                    && stripped.path("origin_server_ts").canConvertToLong() && isChild(stripped, suggestedOnly)) {
                children.add(stripped);
            }
        }
        children.sort(ORDER);
        List<ObjectNode> bounded = new ArrayList<>(children.subList(0, Math.min(children.size(), MAX_CHILDREN)));
        ArrayNode state = summary.putArray("children_state");
        bounded.forEach(state::add);
        return new Node(summary, bounded);
    }

    /** A child names a room and has a non-empty {@code via} (an empty one removes it from the space). */
    private static boolean isChild(ObjectNode stripped, boolean suggestedOnly) {
        JsonNode via = stripped.path("content").path("via");
        return RoomId.isValid(stripped.path("state_key").asText()) && via.isArray() && !via.isEmpty()
                && (!suggestedOnly || stripped.path("content").path("suggested").asBoolean(false));
    }

    private List<ServerName> via(ObjectNode child) {
        List<ServerName> servers = new ArrayList<>();
        for (JsonNode s : child.path("content").path("via")) {
            if (s.isTextual() && ServerName.isValid(s.asText()) && !s.asText().equals(self.value())
                    && servers.size() < MAX_VIA) {
                servers.add(new ServerName(s.asText()));
            }
        }
        return servers;
    }

    /**
     * Client-Server API, "Ordering of children within a space": a valid {@code order} (at most 50
     * printable ASCII characters) first, by code point; then by the event's timestamp; then by room ID.
     */
    static final Comparator<ObjectNode> ORDER = Comparator
            .comparing((ObjectNode c) -> order(c).isEmpty())
            .thenComparing(c -> order(c).orElse(""))
            .thenComparingLong(c -> c.path("origin_server_ts").asLong())
            .thenComparing(c -> c.path("state_key").asText());

    private static Optional<String> order(ObjectNode child) {
        JsonNode order = child.path("content").path("order");
        return order.isTextual() && order.asText().length() <= 50 && order.asText().matches("[\\x20-\\x7E]*")
                ? Optional.of(order.asText()) : Optional.empty();
    }

    /**
     * Whether the user may see the room in a hierarchy (Client-Server API, {@code GET /hierarchy}):
     * joined or invited, or a public, knockable or world-readable room, or a restricted room whose
     * allowed rooms the user is joined to.
     */
    private boolean userMaySee(UserId user, ObjectNode summary) {
        String roomId = summary.path("room_id").asText();
        String membership = held(roomId) ? access.membership(roomId, user) : "leave";
        if ("join".equals(membership) || "invite".equals(membership) || summary.path("world_readable").asBoolean()) {
            return true;
        }
        return switch (summary.path("join_rule").asText("invite")) {
            case "public", "knock", "knock_restricted" -> true;
            case "restricted" -> joinedToAny(user, summary.path("allowed_room_ids"));
            default -> false;
        };
    }

    private boolean joinedToAny(UserId user, JsonNode roomIds) {
        for (JsonNode id : roomIds) {
            if (id.isTextual() && held(id.asText()) && "join".equals(access.membership(id.asText(), user))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether another server may see the room: one of its users is joined, or the room is
     * public, knockable, restricted (the asking server checks {@code allowed_room_ids} for its
     * user) or world-readable.
     */
    private boolean serverMaySee(ServerName origin, String roomId) {
        String joinRule = content(roomId, "m.room.join_rules").path("join_rule").asText("invite");
        if (List.of("public", "knock", "knock_restricted", "restricted").contains(joinRule)
                || "world_readable".equals(content(roomId, "m.room.history_visibility").path("history_visibility").asText())) {
            return true;
        }
        String suffix = ":" + origin.value();
        for (Map.Entry<String, String> m : events.memberships(roomId).entrySet()) {
            if ("join".equals(m.getValue()) && m.getKey().endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode content(String roomId, String type) {
        return events.currentStateEvent(roomId, type, "").flatMap(events::event)
                .map(e -> (JsonNode) StoredEvents.json(e).path("content"))
                .orElse(JsonNodeFactory.instance.missingNode());
    }
}
