package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.hearth.api.MatrixException;
import org.hearth.api.http.ClientJson;
import org.hearth.core.internal.event.EventIdFormat;
import org.hearth.core.internal.event.EventSigner;
import org.hearth.core.internal.event.NotCanonicalJsonException;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomIdFormat;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.rooms.auth.AuthVerdict;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.server.ServerSigningKey;
import org.hearth.core.internal.util.RandomStrings;
import org.hearth.core.internal.util.TextLimits;

/**
 * Builds a local user's event as a PDU of the room's version: prev_events (the room's forward
 * extremities), depth, auth_events chosen from the state the rules read, content hash,
 * signature, event ID; then checks it against the room version's authorization rules.
 */
final class EventBuilder {
    /** Largest event, in bytes of its canonical JSON (Client-Server API, "Size limits"). */
    static final int MAX_EVENT_BYTES = 65_536;

    private final LocalServer server;
    private final ServerSigningKey signingKey;
    /**
     * The last origin_server_ts given to a create event. From room version 12 a room ID is the
     * hash of its create event, so two rooms created by one user with the same content in the same
     * millisecond would be one room: create events of this server never share a timestamp.
     */
    private final AtomicLong lastCreateTs = new AtomicLong();
    private final LongSupplier clock;

    EventBuilder(LocalServer server, ServerSigningKey signingKey, LongSupplier clock) {
        this.clock = clock;
        this.server = server;
        this.signingKey = signingKey;
    }

    /** The state the builder reads: current state as the batch stands. */
    @FunctionalInterface
    interface State {
        Optional<Pdu> get(StateTuple key);
    }

    /** A PDU built, hashed and signed, allowed by the authorization rules, not yet stored. */
    record Built(Pdu pdu, String canonicalJson) {}

    /**
     * @param head   the room's version, rules, extremities and depth (the batch's, not yet stored)
     * @param roomId the room, or null for the create event of a room named by it
     * @throws MatrixException 403 {@code M_FORBIDDEN} when the rules refuse it, 413 when too large
     */
    Built build(RoomHead head, String roomId, List<String> prevEvents, long depth, NewRoomEvent request, State state)
            throws MatrixException {
        checkLimits(request);
        RoomVersion version = head.version;
        Map<StateTuple, Pdu> authState = new HashMap<>();
        List<String> authEvents = new ArrayList<>();
        for (StateTuple key : head.selection.keys(request.type(), request.sender().toString(), request.stateKey(),
                request.content())) {
            state.get(key).ifPresent(e -> {
                authState.put(key, e);
                authEvents.add(e.eventId());
            });
        }
        // From room version 12 the create event is named by the room ID instead of being an auth
        // event, but the rules still read it.
        state.get(StateTuple.CREATE).ifPresent(e -> authState.putIfAbsent(StateTuple.CREATE, e));
        ObjectNode json = skeleton(version, request, prevEvents, authEvents, depth);
        boolean createNamesRoom = "m.room.create".equals(request.type())
                && version.roomIdFormat() == RoomIdFormat.CREATE_EVENT_ID;
        if (!createNamesRoom) {
            json.put("room_id", roomId);
        }
        if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
            json.put("event_id", "$" + RandomStrings.urlSafe(18) + ":" + server.name().value());
        }
        EventSigner.Identified signed;
        byte[] canonical;
        try {
            signed = EventSigner.hashAndSignWithId(version, json, server.name().value(), signingKey.key());
            canonical = version.canonicalJson().encode(signed.event());
        } catch (NotCanonicalJsonException e) {
            // checkLimits refuses what a client could send; this is what is left, such as a
            // redaction's target ID with a lone surrogate
            throw MatrixException.badJson("The event has no Canonical JSON form: " + e.getMessage());
        }
        if (canonical.length > MAX_EVENT_BYTES) {
            throw new MatrixException(413, "M_TOO_LARGE",
                    "Event is " + canonical.length + " bytes; the limit is " + MAX_EVENT_BYTES);
        }
        Pdu pdu = Pdu.of(signed.event(), signed.eventId());
        if (head.rules.check(pdu, authState) instanceof AuthVerdict.Deny deny) {
            throw MatrixException.forbidden(deny.reason());
        }
        return new Built(pdu, new String(canonical, StandardCharsets.UTF_8));
    }

    /**
     * Client-Server API, "Size limits", before anything is built: type and state key of at most
     * 255 bytes without NUL; content by the rules of every client value ({@link ClientJson}),
     * also when a bundle built it.
     */
    private static void checkLimits(NewRoomEvent request) throws MatrixException {
        TextLimits.identifier(request.type(), "The event type");
        if (request.stateKey() != null) {
            TextLimits.identifier(request.stateKey(), "The state key");
        }
        if (request.content() != null) {
            if (!request.content().isObject()) {
                throw MatrixException.badJson("The content of an event must be a JSON object");
            }
            ClientJson.check(request.content(), "The content");
        }
    }

    private ObjectNode skeleton(RoomVersion version, NewRoomEvent request, List<String> prevEvents,
                                List<String> authEvents, long depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        json.put("type", request.type());
        if (request.stateKey() != null) {
            json.put("state_key", request.stateKey());
        }
        json.put("sender", request.sender().toString());
        ObjectNode content = request.content() == null ? f.objectNode() : ((ObjectNode) request.content()).deepCopy();
        if (request.redacts() != null) {
            if (version.redactsInContent()) {
                content.put("redacts", request.redacts());
            } else {
                json.put("redacts", request.redacts());
            }
        }
        json.set("content", content);
        json.put("origin_server_ts", "m.room.create".equals(request.type()) ? createTs() : clock.getAsLong());
        json.put("depth", depth);
        json.set("prev_events", ids(version, prevEvents));
        json.set("auth_events", ids(version, authEvents));
        return json;
    }

    private long createTs() {
        return lastCreateTs.updateAndGet(last -> Math.max(last + 1, clock.getAsLong()));
    }

    /** Versions 1 and 2 list {@code [event_id, {}]} pairs; later ones plain event IDs. */
    static ArrayNode ids(RoomVersion version, List<String> eventIds) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String id : eventIds) {
            if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
                list.addArray().add(id).addObject();
            } else {
                list.add(id);
            }
        }
        return list;
    }
}
