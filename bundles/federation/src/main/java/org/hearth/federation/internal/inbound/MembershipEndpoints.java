package org.hearth.federation.internal.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.federation.internal.http.Endpoint;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.Inbound;

/**
 * The membership handshakes (Server-Server API, "Joining Rooms", "Inviting to a room",
 * "Leaving Rooms", "Knocking"), handed to core: make_join/send_join v2, invite v2,
 * make_leave/send_leave v2, make_knock/send_knock, and the deprecated v1 send_join, send_leave
 * and invite (an invite over v1 is for a room of version 1 or 2, the only ones it served). A
 * make_* is for a user of the calling server. Third-party invites ("Third-party invites"):
 * exchange_third_party_invite, and 3pid/onbind, which identity servers call unsigned (PUT as
 * the spec has it, POST as Sydent sends it).
 */
public final class MembershipEndpoints {
    private static final String P = "/_matrix/federation/";
    private static final int MAX_VERSIONS = 50;

    private final HostAccess host;

    public MembershipEndpoints(HostAccess host) {
        this.host = host;
    }

    public List<Mount> mounts() {
        return List.of(
                Mount.signed("GET", P + "v1/make_join/{roomId}/{userId}", this::makeJoin),
                Mount.signed("PUT", P + "v2/send_join/{roomId}/{eventId}", eventPut((r, room, event, body) ->
                        host.require().sendJoin(r.origin(), room, event, body,
                                "true".equals(r.queryParam("omit_members").orElse("false"))))),
                Mount.signed("PUT", P + "v2/invite/{roomId}/{eventId}", this::invite),
                // the deprecated v1 forms: the bare event as body, the answer wrapped as [200, answer]
                Mount.signed("PUT", P + "v1/send_join/{roomId}/{eventId}", eventPut((r, room, event, body) ->
                        v1(host.require().sendJoin(r.origin(), room, event, body, false)))),
                Mount.signed("PUT", P + "v1/send_leave/{roomId}/{eventId}", eventPut((r, room, event, body) ->
                        v1(host.require().sendLeave(r.origin(), room, event, body)))),
                Mount.signed("PUT", P + "v1/invite/{roomId}/{eventId}", eventPut((r, room, event, body) ->
                        v1(host.require().invite(r.origin(), room, event, "1", body,
                                body.path("unsigned").path("invite_room_state").isArray()
                                        ? body.path("unsigned").path("invite_room_state")
                                        : JsonNodeFactory.instance.arrayNode())))),
                Mount.signed("GET", P + "v1/make_leave/{roomId}/{userId}", r -> {
                    UserId user = r.userId("userId");
                    Params.userOfOrigin(user, r.origin());
                    return host.require().makeLeave(r.origin(), r.roomId("roomId"), user);
                }),
                Mount.signed("PUT", P + "v2/send_leave/{roomId}/{eventId}", eventPut((r, room, event, body) ->
                        host.require().sendLeave(r.origin(), room, event, body))),
                Mount.signed("GET", P + "v1/make_knock/{roomId}/{userId}", r -> {
                    UserId user = r.userId("userId");
                    Params.userOfOrigin(user, r.origin());
                    return host.require().makeKnock(r.origin(), r.roomId("roomId"), user, versions(r));
                }),
                Mount.signed("PUT", P + "v1/send_knock/{roomId}/{eventId}", eventPut((r, room, event, body) ->
                        host.require().sendKnock(r.origin(), room, event, body))),
                Mount.signed("PUT", P + "v1/exchange_third_party_invite/{roomId}", r -> {
                    host.require().exchangeThirdPartyInvite(r.origin(), r.roomId("roomId"), r.jsonObject());
                    return JsonNodeFactory.instance.objectNode();
                }),
                Mount.open("PUT", P + "v1/3pid/onbind", this::bound),
                Mount.open("POST", P + "v1/3pid/onbind", this::bound));
    }

    private JsonNode bound(Inbound r) throws MatrixException {
        host.require().thirdPartyBound(r.jsonObject());
        return JsonNodeFactory.instance.objectNode();
    }

    /** A PUT of one event: its body, the room and the event ID of the path. */
    private interface EventPut {
        JsonNode handle(Inbound r, RoomId room, EventId event, JsonNode body) throws MatrixException;
    }

    /**
     * The body is read first: a body that is not Matrix JSON is {@code M_BAD_JSON}, whatever the
     * path holds (as Synapse answers; SyTest sends bad JSON to a made-up event ID).
     */
    private static Endpoint eventPut(EventPut put) {
        return r -> {
            JsonNode body = r.jsonObject();
            return put.handle(r, r.roomId("roomId"), r.eventId("eventId"), body);
        };
    }

    /** {@code GET /_matrix/federation/v1/make_join/{roomId}/{userId}?ver=…}. */
    private JsonNode makeJoin(Inbound r) throws MatrixException {
        UserId user = r.userId("userId");
        Params.userOfOrigin(user, r.origin());
        return host.require().makeJoin(r.origin(), r.roomId("roomId"), user, versions(r));
    }

    /** {@code PUT /_matrix/federation/v2/invite/{roomId}/{eventId}}: {@code {event, room_version, invite_room_state}}. */
    private JsonNode invite(Inbound r) throws MatrixException {
        JsonNode body = r.jsonObject();
        JsonNode event = body.path("event");
        String version = body.path("room_version").textValue();
        if (!event.isObject()) {
            throw MatrixException.badJson("event must be an object");
        }
        if (version == null) {
            throw MatrixException.badJson("room_version is required");
        }
        JsonNode state = body.path("invite_room_state");
        if (!state.isMissingNode() && !state.isArray()) {
            throw MatrixException.badJson("invite_room_state must be a list");
        }
        return host.require().invite(r.origin(), r.roomId("roomId"), r.eventId("eventId"), version, event,
                state.isArray() ? state : JsonNodeFactory.instance.arrayNode());
    }

    /** The v1 membership endpoints answer {@code [200, body]}. */
    private static JsonNode v1(JsonNode answer) {
        ArrayNode wrapped = JsonNodeFactory.instance.arrayNode();
        wrapped.add(200);
        wrapped.add(answer);
        return wrapped;
    }

    private static Set<String> versions(Inbound r) throws MatrixException {
        List<String> ver = r.queryParams("ver");
        if (ver.size() > MAX_VERSIONS) {
            throw MatrixException.invalidParam("Too many ver parameters");
        }
        return new LinkedHashSet<>(ver.isEmpty() ? List.of("1") : ver); // no ver: only version 1, as the spec says
    }
}
