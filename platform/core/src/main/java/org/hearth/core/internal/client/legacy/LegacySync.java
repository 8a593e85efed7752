package org.hearth.core.internal.client.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.DeviceId;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.core.internal.presence.Presence;
import org.hearth.core.internal.sync.SyncFilter;
import org.hearth.core.internal.sync.SyncService;
import org.hearth.core.internal.client.sync.SyncJson;
import org.hearth.core.internal.paging.SyncToken;
import org.hearth.core.internal.sync.SyncResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The deprecated sync endpoints ({@code GET /events}, {@code /initialSync},
 * {@code /rooms/{roomId}/initialSync}; Client-Server API, "Legacy Sync"), answered from a
 * {@code /sync} of the same user, reshaped: the same visibility, ignored users and presence
 * rules apply, and their tokens are sync tokens. Like {@code /sync}, each marks the user online.
 * Their events carry the sender as {@code user_id} too, as the legacy event format had it (clients of
 * these endpoints, SyTest's among them, read it).
 */
@Component(service = LegacySync.class)
public class LegacySync {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final SyncService sync;
    private final Presence presence;
    private final RoomStore rooms;

    @Activate
    public LegacySync(@Reference SyncService sync, @Reference Presence presence, @Reference RoomStore rooms) {
        this.sync = sync;
        this.presence = presence;
        this.rooms = rooms;
    }

    /** A {@code /sync} of the requester, reshaped by {@code shape} once its answer is there. */
    RouteResponse sync(Requester me, SyncToken since, int limit, boolean archived, long timeoutMs,
                       Function<ObjectNode, ObjectNode> shape) throws MatrixException {
        return sync(me, since, limit, archived, timeoutMs, Map.of(), shape);
    }

    /** The same, also peeking into {@code peek} (see {@link SyncService.Request}), rooms the user may read without being in them. */
    RouteResponse sync(Requester me, SyncToken since, int limit, boolean archived, long timeoutMs, Map<String, Long> peek,
                       Function<ObjectNode, ObjectNode> shape) throws MatrixException {
        presence.syncing(me.userId(), null);
        CompletableFuture<SyncResponse> answer = sync.sync(request(me, since, limit, archived, timeoutMs, peek));
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            return RouteResponse.ok(shape.apply(SyncJson.readable(answer.join())));
        }
        return RouteResponse.later(answer.thenApply(r -> RouteResponse.ok(shape.apply(SyncJson.readable(r)))));
    }

    /**
     * An initial {@code /sync} of the requester: answered at once, never waiting. A filter's
     * timeline limit is at least 1: for {@code limit} 0 one message is read, and {@link #room} drops it.
     */
    ObjectNode initialSync(Requester me, int limit, boolean archived) throws MatrixException {
        presence.syncing(me.userId(), null);
        return SyncJson.readable(sync.sync(request(me, null, Math.max(1, limit), archived, 0, Map.of())).join());
    }

    private static SyncService.Request request(Requester me, SyncToken since, int limit, boolean archived,
                                               long timeoutMs, Map<String, Long> peek) throws MatrixException {
        ObjectNode room = F.objectNode();
        room.putObject("timeline").put("limit", limit);
        room.put("include_leave", archived);
        ObjectNode filter = F.objectNode();
        filter.set("room", room);
        return new SyncService.Request(me.userId(), me.device().map(DeviceId::value).orElse(null), since,
                SyncFilter.parse(filter), false, timeoutMs, peek);
    }

    /**
     * One room of an initial sync in the legacy shape, with its latest {@code limit} messages; null
     * when the sync does not hold it. {@code visibility} is whether the room is listed in the
     * public room directory ("Legacy Sync", {@code GET /initialSync}).
     */
    ObjectNode room(ObjectNode syncBody, String roomId, int limit) {
        for (String membership : new String[] {"join", "leave"}) {
            JsonNode section = syncBody.path("rooms").path(membership).path(roomId);
            if (section.isObject()) {
                ObjectNode out = F.objectNode();
                out.put("room_id", roomId);
                out.put("membership", membership);
                ObjectNode messages = out.putObject("messages");
                String end = syncBody.path("next_batch").asText();
                messages.put("start", limit == 0 ? end : section.at("/timeline/prev_batch").asText());
                messages.put("end", end);
                ArrayNode chunk = messages.putArray("chunk");
                if (limit > 0) {
                    section.at("/timeline/events").forEach(e -> chunk.add(withRoomId(e, roomId)));
                }
                out.set("state", currentState(section, roomId));
                ArrayNode data = out.putArray("account_data");
                section.at("/account_data/events").forEach(data::add);
                ArrayNode receipts = out.putArray("receipts");
                section.at("/ephemeral/events").forEach(e -> receipts.add(withRoomId(e, roomId)));
                out.put("visibility", rooms.room(roomId).map(Room::published).orElse(false) ? "public" : "private");
                return out;
            }
        }
        JsonNode invite = syncBody.path("rooms").path("invite").path(roomId);
        if (invite.isObject()) {
            ObjectNode out = F.objectNode();
            out.put("room_id", roomId);
            out.put("membership", "invite");
            ArrayNode state = out.putArray("invite_state");
            invite.at("/invite_state/events").forEach(state::add);
            for (JsonNode e : invite.at("/invite_state/events")) {
                if ("m.room.member".equals(e.path("type").asText()) && "invite".equals(e.at("/content/membership").asText())) {
                    out.set("invite", withRoomId(e, roomId));
                }
            }
            return out;
        }
        return null;
    }

    /** The presence events with {@code user_id} in their content, as the legacy API had them. */
    static ArrayNode presence(ObjectNode syncBody) {
        ArrayNode out = F.arrayNode();
        for (JsonNode e : syncBody.at("/presence/events")) {
            ObjectNode event = e.deepCopy();
            ((ObjectNode) event.path("content")).put("user_id", e.path("sender").asText());
            out.add(event);
        }
        return out;
    }

    /** The read receipts of the joined rooms, each an {@code m.receipt} event with its room ID ({@code /initialSync}). */
    static ArrayNode receipts(ObjectNode syncBody) {
        ArrayNode out = F.arrayNode();
        syncBody.path("rooms").path("join").properties().forEach(room -> room.getValue().at("/ephemeral/events")
                .forEach(e -> {
                    if ("m.receipt".equals(e.path("type").asText())) {
                        out.add(withRoomId(e, room.getKey()));
                    }
                }));
        return out;
    }

    /** The presence events of the users joined as the room state says ({@code /rooms/{roomId}/initialSync}). */
    static ArrayNode presenceOfMembers(ObjectNode syncBody, JsonNode state) {
        Set<String> joined = new HashSet<>();
        for (JsonNode e : state) {
            if ("m.room.member".equals(e.path("type").asText()) && "join".equals(e.at("/content/membership").asText())) {
                joined.add(e.path("state_key").asText());
            }
        }
        ArrayNode out = F.arrayNode();
        presence(syncBody).forEach(e -> {
            if (joined.contains(e.at("/content/user_id").asText())) {
                out.add(e);
            }
        });
        return out;
    }

    /** The event in the legacy format: with its room ID, and its sender as {@code user_id}. */
    static ObjectNode withRoomId(JsonNode event, String roomId) {
        ObjectNode copy = event.deepCopy();
        copy.put("room_id", roomId);
        if (copy.has("sender")) {
            copy.set("user_id", copy.get("sender"));
        }
        return copy;
    }

    /** The state at the start of the timeline, brought up to its end by the timeline's state events. */
    private static ArrayNode currentState(JsonNode section, String roomId) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (String part : new String[] {"/state/events", "/timeline/events"}) {
            for (JsonNode e : section.at(part)) {
                if (e.has("state_key")) {
                    byKey.put(e.path("type").asText() + "\u0000" + e.path("state_key").asText(), withRoomId(e, roomId));
                }
            }
        }
        ArrayNode out = F.arrayNode();
        byKey.values().forEach(out::add);
        return out;
    }

    /**
     * Every room's sections of a sync answer flattened into one event list, each with its room ID;
     * with {@code onlyRoom}, that room's alone (and no invites).
     */
    ArrayNode events(ObjectNode syncBody, String onlyRoom) {
        ArrayNode chunk = F.arrayNode();
        for (String membership : new String[] {"join", "peek", "leave"}) {
            for (Map.Entry<String, JsonNode> room : syncBody.path("rooms").path(membership).properties()) {
                if (onlyRoom != null && !onlyRoom.equals(room.getKey())) {
                    continue;
                }
                for (String part : new String[] {"/timeline/events", "/ephemeral/events", "/account_data/events"}) {
                    room.getValue().at(part).forEach(e -> chunk.add(withRoomId(e, room.getKey())));
                }
            }
        }
        syncBody.path("rooms").path("invite").properties().forEach(room -> {
            if (onlyRoom != null) {
                return;
            }
            ObjectNode invite = room(syncBody, room.getKey(), 1);
            if (invite != null && invite.has("invite")) {
                chunk.add(invite.get("invite"));
            }
        });
        presence(syncBody).forEach(chunk::add);
        syncBody.at("/account_data/events").forEach(chunk::add);
        return chunk;
    }
}
