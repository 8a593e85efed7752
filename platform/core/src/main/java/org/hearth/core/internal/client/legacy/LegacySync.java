package org.hearth.core.internal.client.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.Requester;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.DeviceId;
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
 */
@Component(service = LegacySync.class)
public class LegacySync {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final SyncService sync;
    private final Presence presence;

    @Activate
    public LegacySync(@Reference SyncService sync, @Reference Presence presence) {
        this.sync = sync;
        this.presence = presence;
    }

    /** A {@code /sync} of the requester, reshaped by {@code shape} once its answer is there. */
    RouteResponse sync(Requester me, SyncToken since, int limit, boolean archived, long timeoutMs,
                       Function<ObjectNode, ObjectNode> shape) throws MatrixException {
        presence.syncing(me.userId(), null);
        CompletableFuture<SyncResponse> answer = sync.sync(request(me, since, limit, archived, timeoutMs));
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            return RouteResponse.ok(shape.apply(SyncJson.of(answer.join(), false)));
        }
        return RouteResponse.later(answer.thenApply(r -> RouteResponse.ok(shape.apply(SyncJson.of(r, false)))));
    }

    /** An initial {@code /sync} of the requester: answered at once, never waiting. */
    ObjectNode initialSync(Requester me, int limit, boolean archived) throws MatrixException {
        presence.syncing(me.userId(), null);
        return SyncJson.of(sync.sync(request(me, null, limit, archived, 0)).join(), false);
    }

    private static SyncService.Request request(Requester me, SyncToken since, int limit, boolean archived,
                                               long timeoutMs) throws MatrixException {
        ObjectNode room = F.objectNode();
        room.putObject("timeline").put("limit", limit);
        room.put("include_leave", archived);
        ObjectNode filter = F.objectNode();
        filter.set("room", room);
        return new SyncService.Request(me.userId(), me.device().map(DeviceId::value).orElse(null), since,
                SyncFilter.parse(filter), false, timeoutMs);
    }

    /** One room of an initial sync in the legacy shape; null when the sync does not hold it. */
    static ObjectNode room(ObjectNode syncBody, String roomId) {
        for (String membership : new String[] {"join", "leave"}) {
            JsonNode section = syncBody.path("rooms").path(membership).path(roomId);
            if (section.isObject()) {
                ObjectNode out = F.objectNode();
                out.put("room_id", roomId);
                out.put("membership", membership);
                ObjectNode messages = out.putObject("messages");
                messages.put("start", section.at("/timeline/prev_batch").asText());
                messages.put("end", syncBody.path("next_batch").asText());
                ArrayNode chunk = messages.putArray("chunk");
                section.at("/timeline/events").forEach(e -> chunk.add(withRoomId(e, roomId)));
                out.set("state", currentState(section, roomId));
                ArrayNode data = out.putArray("account_data");
                section.at("/account_data/events").forEach(data::add);
                ArrayNode receipts = out.putArray("receipts");
                section.at("/ephemeral/events").forEach(e -> receipts.add(withRoomId(e, roomId)));
                out.put("visibility", "private");
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

    static ObjectNode withRoomId(JsonNode event, String roomId) {
        ObjectNode copy = event.deepCopy();
        copy.put("room_id", roomId);
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

    /** Every room's sections of a sync answer flattened into one event list, each with its room ID. */
    static ArrayNode events(ObjectNode syncBody) {
        ArrayNode chunk = F.arrayNode();
        for (String membership : new String[] {"join", "leave"}) {
            for (Map.Entry<String, JsonNode> room : syncBody.path("rooms").path(membership).properties()) {
                for (String part : new String[] {"/timeline/events", "/ephemeral/events", "/account_data/events"}) {
                    room.getValue().at(part).forEach(e -> chunk.add(withRoomId(e, room.getKey())));
                }
            }
        }
        syncBody.path("rooms").path("invite").properties().forEach(room -> {
            ObjectNode invite = room(syncBody, room.getKey());
            if (invite != null && invite.has("invite")) {
                chunk.add(invite.get("invite"));
            }
        });
        presence(syncBody).forEach(chunk::add);
        syncBody.at("/account_data/events").forEach(chunk::add);
        return chunk;
    }
}
