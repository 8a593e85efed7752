package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
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
    private static final int MAX_PAGE = 500;

    private final RoomStore rooms;
    private final EventStore events;
    private final RoomWriter writer;
    private final RoomAccess access;
    private final LocalServer server;
    private final Memberships memberships;
    private final FederationLink link;

    /** Where an alias leads: the room, and servers that can help join it. */
    public record AliasTarget(RoomId roomId, List<ServerName> servers) {}

    /**
     * A room of the public directory ("PublishedRoomsChunk"); the texts are null when the room's
     * state has none.
     */
    public record PublicRoom(RoomId roomId, String name, String topic, String canonicalAlias, String avatarUrl,
                             String joinRule, boolean worldReadable, boolean guestCanJoin, long joinedMembers,
                             String roomType) {}

    /** A page of the directory; the batch tokens are null at either end. */
    public record PublicRoomsPage(List<PublicRoom> chunk, String nextBatch, String prevBatch, long totalEstimate) {}

    @Activate
    public RoomDirectory(@Reference RoomStore rooms, @Reference EventStore events, @Reference RoomWriter writer,
                         @Reference RoomAccess access, @Reference LocalServer server,
                         @Reference Memberships memberships, @Reference FederationLink link) {
        this.memberships = memberships;
        this.link = link;
        this.rooms = rooms;
        this.events = events;
        this.writer = writer;
        this.access = access;
        this.server = server;
    }

    /** An alias of this server: {@code #localpart:server_name}; 400 otherwise. */
    private void requireLocal(RoomAlias alias) throws MatrixException {
        if (!alias.server().equals(server.name())) {
            throw MatrixException.invalidParam("Room alias must end with :" + server.name().value());
        }
    }

    public void putAlias(UserId user, RoomAlias alias, RoomId roomId) throws MatrixException {
        requireLocal(alias);
        access.requireJoined(roomId.value(), user);
        if (!rooms.putAlias(alias.toString(), roomId.value(), user)) {
            throw new MatrixException(409, "M_ROOM_IN_USE", "Room alias " + alias + " already exists");
        }
    }

    /** The room an alias names, and servers in it; an alias of another server is asked of that server. */
    public AliasTarget resolve(RoomAlias alias) throws MatrixException {
        Optional<RemoteJoins.Resolved> remote = memberships.remoteDirectory(alias.toString());
        if (remote.isPresent()) {
            RoomId roomId = RoomId.parse(remote.get().roomId()).orElseThrow(() ->
                    MatrixException.notFound("Room alias " + alias + " not found"));
            return new AliasTarget(roomId, remote.get().servers());
        }
        return new AliasTarget(roomOf(alias), List.of(server.name()));
    }

    private RoomId roomOf(RoomAlias alias) throws MatrixException {
        return rooms.roomOfAlias(alias.toString()).flatMap(RoomId::parse)
                .orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found"));
    }

    /**
     * The alias's creator, a server admin, or a room member allowed to change the canonical alias
     * may delete it. The room's {@code m.room.canonical_alias} stops naming it in the same
     * transaction, when the user may change that event (as Synapse does).
     */
    public void deleteAlias(UserId user, boolean admin, RoomAlias alias) throws MatrixException {
        String roomId = roomOf(alias).value();
        String name = alias.toString();
        boolean creator = rooms.aliasCreator(name).map(user::equals).orElse(false);
        writer.write(roomId, batch -> {
            var levels = batch.powerLevels(roomId);
            boolean mayChangeCanonical = "join".equals(batch.membership(roomId, user))
                    && levels.of(user.toString()) >= levels.requiredFor(CanonicalAliases.TYPE, true);
            if (!creator && !admin && !mayChangeCanonical) {
                throw MatrixException.forbidden("You may not delete this alias");
            }
            batch.removeAlias(name);
            Optional<ObjectNode> canonical = batch.state(roomId, CanonicalAliases.TYPE, "")
                    .flatMap(e -> CanonicalAliases.keeping(e.content(), a -> !a.equals(name)));
            if (canonical.isPresent() && mayChangeCanonical) {
                batch.add(NewRoomEvent.state(roomId, user, CanonicalAliases.TYPE, "", canonical.get()));
            }
            return null;
        });
    }

    public List<RoomAlias> aliases(UserId user, RoomId roomId) throws MatrixException {
        access.requireJoined(roomId.value(), user);
        return localAliases(roomId);
    }

    /** The aliases of this server naming the room, for the server's operator (no membership asked). */
    public List<RoomAlias> localAliases(RoomId roomId) {
        return rooms.aliases(roomId.value()).stream().flatMap(a -> RoomAlias.parse(a).stream()).toList();
    }

    /**
     * Points an alias of this server at a room, or removes it, as the server's operator: no
     * membership or power asked. Two steps, removal then creation: an alias someone else takes
     * in between is a 409, as for {@link #putAlias}.
     */
    public void setAlias(RoomAlias alias, Optional<RoomId> roomId, UserId by) throws MatrixException {
        requireLocal(alias);
        if (roomId.isPresent() && rooms.room(roomId.get().value()).isEmpty()) {
            throw MatrixException.notFound("Unknown room " + roomId.get());
        }
        if (rooms.roomOfAlias(alias.toString()).isPresent()) {
            deleteAlias(by, true, alias);
        }
        if (roomId.isPresent() && !rooms.putAlias(alias.toString(), roomId.get().value(), by)) {
            throw new MatrixException(409, "M_ROOM_IN_USE", "Room alias " + alias + " already exists");
        }
    }

    /** Whether the room is in the public directory. */
    public boolean published(RoomId roomId) throws MatrixException {
        return rooms.room(roomId.value()).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId)).published();
    }

    /** Publishing needs the power to change the room's join rules; a server admin may always. */
    public void setPublished(UserId user, boolean admin, RoomId roomId, boolean published) throws MatrixException {
        if (!admin) {
            String id = roomId.value();
            access.requireJoined(id, user); // 404 for a room unknown here
            var levels = writer.powerLevels(id);
            if (levels.of(user.toString()) < levels.requiredFor("m.room.join_rules", true)) {
                throw MatrixException.forbidden("You may not change this room's visibility");
            }
        }
        setPublished(roomId, published);
    }

    /** As the server's operator: only that the room is known here is asked. */
    public void setPublished(RoomId roomId, boolean published) throws MatrixException {
        String id = roomId.value();
        rooms.room(id).orElseThrow(() -> MatrixException.notFound("Unknown room " + id));
        rooms.setPublished(id, published);
    }

    /**
     * A page of the public room directory; {@code since} is a {@code p<offset>} token. A search
     * term matches the name, topic or canonical alias, ignoring case.
     */
    public PublicRoomsPage publicRooms(int limit, String since, String searchTerm) throws MatrixException {
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
        List<PublicRoom> chunk = new ArrayList<>();
        List<Room> page = rooms.published(offset, size + 1);
        for (Room room : page.subList(0, Math.min(size, page.size()))) {
            Optional<RoomId> roomId = RoomId.parse(room.roomId());
            PublicRoom entry = roomId.isEmpty() ? null : summary(roomId.get());
            if (entry != null && (term == null || matches(entry, term))) {
                chunk.add(entry);
            }
        }
        return new PublicRoomsPage(chunk, page.size() > size ? "p" + (offset + size) : null,
                offset > 0 ? "p" + Math.max(0, offset - size) : null, offset + page.size());
    }

    /**
     * A page of the directory asked in the {@code POST /publicRooms} body's form (limit, since,
     * filter.generic_search_term), as clients and other servers ask it. This server has no
     * third-party networks: a {@code third_party_instance_id} finds nothing.
     */
    public ObjectNode publicRooms(JsonNode request) throws MatrixException {
        JsonNode limit = request.path("limit");
        JsonNode since = request.path("since");
        JsonNode term = request.path("filter").path("generic_search_term");
        if (!limit.isMissingNode() && !limit.isNull() && !limit.canConvertToInt()
                || !since.isMissingNode() && !since.isNull() && !since.isTextual()
                || !term.isMissingNode() && !term.isNull() && !term.isTextual()) {
            throw MatrixException.badJson("limit must be a number, since and filter.generic_search_term strings");
        }
        if (request.path("third_party_instance_id").isTextual()) {
            return PublicRoomsJson.of(new PublicRoomsPage(List.of(), null, null, 0));
        }
        return PublicRoomsJson.of(publicRooms(limit.asInt(0), since.isTextual() ? since.asText() : null,
                term.isTextual() ? term.asText() : null));
    }

    /**
     * Another server's directory through federation (Server-Server API, "Published Room
     * Directory"): {@code GET /publicRooms} for a plain page, {@code POST} when there is a filter.
     */
    public JsonNode remotePublicRooms(ServerName other, JsonNode request) throws MatrixException {
        RemoteServers remote = link.requireRemote();
        try {
            JsonNode answer;
            if (request.has("filter") || request.has("include_all_networks") || request.has("third_party_instance_id")) {
                answer = remote.request(other, "POST", "/_matrix/federation/v1/publicRooms", Map.of(), request);
            } else {
                Map<String, List<String>> query = new LinkedHashMap<>();
                if (request.path("limit").canConvertToInt()) {
                    query.put("limit", List.of(Integer.toString(request.path("limit").asInt())));
                }
                if (request.path("since").isTextual()) {
                    query.put("since", List.of(request.path("since").asText()));
                }
                answer = remote.request(other, "GET", "/_matrix/federation/v1/publicRooms", query, null);
            }
            if (!answer.path("chunk").isArray()) {
                throw new MatrixException(502, "M_UNKNOWN", other + " answered no public room list");
            }
            // passed on to the client: only the page's own fields, a page at most
            ObjectNode page = JsonNodeFactory.instance.objectNode();
            ArrayNode chunk = page.putArray("chunk");
            for (JsonNode room : answer.path("chunk")) {
                if (room.isObject() && room.path("room_id").isTextual() && chunk.size() < MAX_PAGE) {
                    chunk.add(room);
                }
            }
            for (String token : List.of("next_batch", "prev_batch")) {
                if (answer.path(token).isTextual()) {
                    page.put(token, answer.path(token).asText());
                }
            }
            if (answer.path("total_room_count_estimate").canConvertToLong()) {
                page.put("total_room_count_estimate", answer.path("total_room_count_estimate").asLong());
            }
            return page;
        } catch (RemoteException e) {
            throw e.toClientError();
        }
    }

    private static boolean matches(PublicRoom room, String term) {
        return Stream.of(room.name(), room.topic(), room.canonicalAlias())
                .anyMatch(text -> text != null && text.toLowerCase(Locale.ROOT).contains(term));
    }

    /** What the directory shows of a room this server holds (also the room summary of space hierarchies). */
    public PublicRoom summary(RoomId id) {
        String roomId = id.value();
        return new PublicRoom(id,
                text(roomId, "m.room.name", "name"),
                text(roomId, "m.room.topic", "topic"),
                text(roomId, "m.room.canonical_alias", "alias"),
                text(roomId, "m.room.avatar", "url"),
                content(roomId, "m.room.join_rules").map(c -> c.path("join_rule").asText("invite")).orElse("invite"),
                "world_readable".equals(text(roomId, "m.room.history_visibility", "history_visibility")),
                "can_join".equals(text(roomId, "m.room.guest_access", "guest_access")),
                events.memberships(roomId).values().stream().filter("join"::equals).count(),
                text(roomId, "m.room.create", "type"));
    }

    private String text(String roomId, String type, String field) {
        return content(roomId, type).map(c -> c.path(field)).filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
    }

    private Optional<JsonNode> content(String roomId, String type) {
        return events.currentStateEvent(roomId, type, "").flatMap(events::event).map(e -> StoredEvents.json(e).path("content"));
    }
}
