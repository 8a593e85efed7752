package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Room aliases and the public room directory of this server (Client-Server API, "Room aliases"
 * and "Listing rooms"). Aliases of other servers need federation: 404 here.
 */
@Component(service = RoomDirectory.class)
public class RoomDirectory {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_PAGE = 500;

    private final RoomStore rooms;
    private final EventStore events;
    private final RoomWriter writer;
    private final RoomAccess access;
    private final LocalServer server;
    private final Memberships memberships;

    @Activate
    public RoomDirectory(@Reference RoomStore rooms, @Reference EventStore events, @Reference RoomWriter writer,
                         @Reference RoomAccess access, @Reference LocalServer server,
                         @Reference Memberships memberships) {
        this.memberships = memberships;
        this.rooms = rooms;
        this.events = events;
        this.writer = writer;
        this.access = access;
        this.server = server;
    }

    /** An alias of this server: {@code #localpart:server_name}; 400 otherwise. */
    private String localAlias(String alias) throws MatrixException {
        RoomAlias parsed = RoomAlias.parse(alias)
                .orElseThrow(() -> MatrixException.invalidParam("Invalid room alias " + alias));
        if (!parsed.server().equals(server.name())) {
            throw MatrixException.invalidParam("Room alias must end with :" + server.name().value());
        }
        return alias;
    }

    public void putAlias(UserId user, String alias, String roomId) throws MatrixException {
        localAlias(alias);
        access.requireJoined(roomId, user);
        if (!rooms.putAlias(alias, roomId, user)) {
            throw new MatrixException(409, "M_ROOM_IN_USE", "Room alias " + alias + " already exists");
        }
    }

    /** The room an alias names, and servers in it; an alias of another server is asked of that server. */
    public Map<String, Object> resolve(String alias) throws MatrixException {
        Optional<RemoteJoins.Resolved> remote = memberships.remoteDirectory(alias);
        if (remote.isPresent()) {
            return Map.of("room_id", remote.get().roomId(),
                    "servers", remote.get().servers().stream().map(ServerName::value).toList());
        }
        String roomId = rooms.roomOfAlias(alias).orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found"));
        return Map.of("room_id", roomId, "servers", List.of(server.name().value()));
    }

    /**
     * The alias's creator, a server admin, or a room member allowed to change the canonical alias
     * may delete it. The room's {@code m.room.canonical_alias} stops naming it in the same
     * transaction, when the user may change that event (as Synapse does).
     */
    public void deleteAlias(UserId user, boolean admin, String alias) throws MatrixException {
        String roomId = rooms.roomOfAlias(alias).orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found"));
        boolean creator = rooms.aliasCreator(alias).map(user::equals).orElse(false);
        writer.write(roomId, batch -> {
            var levels = batch.powerLevels(roomId);
            boolean mayChangeCanonical = "join".equals(batch.membership(roomId, user))
                    && levels.of(user.toString()) >= levels.requiredFor(CanonicalAliases.TYPE, true);
            if (!creator && !admin && !mayChangeCanonical) {
                throw MatrixException.forbidden("You may not delete this alias");
            }
            batch.removeAlias(alias);
            Optional<ObjectNode> canonical = batch.state(roomId, CanonicalAliases.TYPE, "")
                    .flatMap(e -> CanonicalAliases.keeping(e.content(), a -> !a.equals(alias)));
            if (canonical.isPresent() && mayChangeCanonical) {
                batch.add(NewRoomEvent.state(roomId, user, CanonicalAliases.TYPE, "", canonical.get()));
            }
            return null;
        });
    }

    public List<String> aliases(UserId user, String roomId) throws MatrixException {
        access.requireJoined(roomId, user);
        return rooms.aliases(roomId);
    }

    public String visibility(String roomId) throws MatrixException {
        Room room = rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        return room.published() ? "public" : "private";
    }

    /** Publishing needs the power to change the room's state (the {@code state_default} level). */
    public void setVisibility(UserId user, boolean admin, String roomId, String visibility) throws MatrixException {
        if (!"public".equals(visibility) && !"private".equals(visibility)) {
            throw MatrixException.invalidParam("visibility must be public or private");
        }
        rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        if (!admin) {
            access.requireJoined(roomId, user);
            var levels = writer.powerLevels(roomId);
            if (levels.of(user.toString()) < levels.requiredFor("m.room.join_rules", true)) {
                throw MatrixException.forbidden("You may not change this room's visibility");
            }
        }
        rooms.setPublished(roomId, "public".equals(visibility));
    }

    /** A page of the public room directory; {@code since} is a {@code p<offset>} token. */
    public ObjectNode publicRooms(int limit, String since, String searchTerm) throws MatrixException {
        int offset = 0;
        if (since != null) {
            try {
                offset = Integer.parseInt(since.startsWith("p") ? since.substring(1) : "x");
            } catch (NumberFormatException e) {
                throw MatrixException.invalidParam("Invalid since token");
            }
        }
        int size = Math.max(1, Math.min(limit <= 0 ? 100 : limit, MAX_PAGE));
        String term = searchTerm == null ? null : searchTerm.toLowerCase(Locale.ROOT);
        ArrayNode chunk = F.arrayNode();
        List<Room> page = rooms.published(offset, size + 1);
        for (Room room : page.subList(0, Math.min(size, page.size()))) {
            ObjectNode entry = entry(room.roomId());
            if (term == null || entry.toString().toLowerCase(Locale.ROOT).contains(term)) {
                chunk.add(entry);
            }
        }
        ObjectNode out = F.objectNode();
        out.set("chunk", chunk);
        if (page.size() > size) {
            out.put("next_batch", "p" + (offset + size));
        }
        if (offset > 0) {
            out.put("prev_batch", "p" + Math.max(0, offset - size));
        }
        out.put("total_room_count_estimate", offset + page.size());
        return out;
    }

    private ObjectNode entry(String roomId) {
        ObjectNode entry = F.objectNode();
        entry.put("room_id", roomId);
        content(roomId, "m.room.name").map(c -> c.path("name")).filter(JsonNode::isTextual).ifPresent(n -> entry.set("name", n));
        content(roomId, "m.room.topic").map(c -> c.path("topic")).filter(JsonNode::isTextual).ifPresent(n -> entry.set("topic", n));
        content(roomId, "m.room.canonical_alias").map(c -> c.path("alias")).filter(JsonNode::isTextual)
                .ifPresent(n -> entry.set("canonical_alias", n));
        content(roomId, "m.room.avatar").map(c -> c.path("url")).filter(JsonNode::isTextual).ifPresent(n -> entry.set("avatar_url", n));
        String joinRule = content(roomId, "m.room.join_rules").map(c -> c.path("join_rule").asText("invite")).orElse("invite");
        entry.put("join_rule", joinRule);
        entry.put("world_readable", content(roomId, "m.room.history_visibility")
                .map(c -> "world_readable".equals(c.path("history_visibility").asText())).orElse(false));
        entry.put("guest_can_join", content(roomId, "m.room.guest_access")
                .map(c -> "can_join".equals(c.path("guest_access").asText())).orElse(false));
        entry.put("num_joined_members", events.memberships(roomId).values().stream().filter("join"::equals).count());
        content(roomId, "m.room.create").map(c -> c.path("type")).filter(JsonNode::isTextual).ifPresent(t -> entry.set("room_type", t));
        return entry;
    }

    private Optional<JsonNode> content(String roomId, String type) {
        return events.currentStateEvent(roomId, type, "").flatMap(events::event).map(e -> StoredEvents.json(e).path("content"));
    }
}
