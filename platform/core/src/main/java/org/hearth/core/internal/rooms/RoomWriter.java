package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.event.ProposedEvent;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.account.Tokens;
import org.hearth.core.internal.event.EventIdFormat;
import org.hearth.core.internal.event.EventIds;
import org.hearth.core.internal.event.EventSigner;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomEvents;
import org.hearth.core.internal.event.RoomIdFormat;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.rooms.auth.AuthState;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.hearth.core.internal.rooms.auth.AuthVerdict;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.server.ServerSigningKey;
import org.hearth.core.internal.streams.EventStreams;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Appends events created by local users to rooms: the path of every message (ARCHITECTURE,
 * "How a message travels").
 *
 * <ol>
 *   <li>Under the room's lock: build the PDU (prev_events = the forward extremities, depth,
 *       auth_events chosen from the current state, hashes, signature, event ID).</li>
 *   <li>Check it against the room version's authorization rules: 403 {@code M_FORBIDDEN}.</li>
 *   <li>Ask every {@code EventPolicy}: the first refusal is the answer.</li>
 *   <li>Store it with the state after it in one transaction; only then is it acknowledged.</li>
 *   <li>Wake waiting syncs and queue it for the event listeners.</li>
 * </ol>
 */
@Component(service = RoomWriter.class)
public class RoomWriter {
    /** Largest event, in bytes of its canonical JSON (Client-Server API, "Size limits"). */
    public static final int MAX_EVENT_BYTES = 65_536;

    private final EventStore events;
    private final RoomStore rooms;
    private final LocalServer server;
    private final ServerSigningKey signingKey;
    private final EventPolicies policies;
    private final EventStreams streams;
    private final Notifier notifier;
    private final RoomLocks locks = new RoomLocks();
    private final Map<String, RoomHead> heads = new ConcurrentHashMap<>();
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;


    @Activate
    public RoomWriter(@Reference EventStore events, @Reference RoomStore rooms, @Reference LocalServer server,
                      @Reference ServerSigningKey signingKey, @Reference EventPolicies policies,
                      @Reference EventStreams streams, @Reference Notifier notifier) {
        this.events = events;
        this.rooms = rooms;
        this.server = server;
        this.signingKey = signingKey;
        this.policies = policies;
        this.streams = streams;
        this.notifier = notifier;
    }

    /** What was stored. */
    public record Sent(String eventId, long streamPosition) {}

    /**
     * Sends the event; a retried transaction ({@code deviceId}, {@code txnId}) answers the event
     * of the first attempt.
     */
    public Sent send(NewRoomEvent request) throws MatrixException {
        return locks.withRoom(request.roomId(), () -> {
            if (request.txnId() != null) {
                Optional<String> earlier = events.eventForTransaction(request.sender(), request.deviceId(), request.txnId());
                if (earlier.isPresent()) {
                    return new Sent(earlier.get(), 0);
                }
            }
            RoomHead head = head(request.roomId());
            return commit(head, build(head, request), request, false);
        });
    }

    /**
     * Creates a room: the create event (whose reference hash names the room from version 12 on),
     * then the others, all under the room's lock so nobody sees the room half made.
     *
     * @return the room ID
     */
    public String create(RoomVersion version, NewRoomEvent createEvent, List<NewRoomEvent> rest)
            throws MatrixException {
        boolean named = version.roomIdFormat() == RoomIdFormat.CREATE_EVENT_ID;
        String chosenId = named ? null : "!" + Tokens.random(12) + ":" + server.name().value();
        RoomHead draft = new RoomHead(chosenId, version, List.of(), 0, 0);
        Built create = build(draft, createEvent);
        String roomId = named ? EventIds.roomId(version, create.pdu().json()) : chosenId;
        return locks.withRoom(roomId, () -> {
            if (!rooms.create(new Room(roomId, version.id(), createEvent.sender().toString(), clock.millis(), false))) {
                throw new MatrixException(400, "M_ROOM_IN_USE", "Room ID already in use");
            }
            RoomHead head = new RoomHead(roomId, version, List.of(), 0, 0);
            heads.put(roomId, head);
            commit(head, create, createEvent, true);
            for (NewRoomEvent event : rest) {
                commit(head, build(head, withRoom(event, roomId)), event, true);
            }
            return roomId;
        });
    }

    private static NewRoomEvent withRoom(NewRoomEvent e, String roomId) {
        return new NewRoomEvent(roomId, e.sender(), e.type(), e.stateKey(), e.content(), e.deviceId(), e.txnId(),
                e.redacts());
    }

    /** The room's version; 400 {@code M_INVALID_PARAM} for a malformed room ID, 404 {@code M_NOT_FOUND} for an unknown room. */
    public RoomVersion versionOf(String roomId) throws MatrixException {
        RoomAccess.checkRoomId(roomId);
        Room room = rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        return RoomVersions.byId(room.version())
                .orElseThrow(() -> new MatrixException(400, "M_UNSUPPORTED_ROOM_VERSION", "Unsupported room version"));
    }

    private RoomHead head(String roomId) throws MatrixException {
        RoomHead head = heads.get(roomId);
        if (head != null) {
            return head;
        }
        RoomVersion version = versionOf(roomId);
        List<String> extremities = events.forwardExtremities(roomId);
        long depth = 0;
        long group = 0;
        for (StoredEvent e : events.events(extremities)) {
            depth = Math.max(depth, e.depth());
            group = events.stateGroupOf(e.eventId()).orElse(group);
        }
        head = new RoomHead(roomId, version, extremities, depth, group);
        heads.put(roomId, head);
        return head;
    }

    /** A PDU built, hashed and signed, checked against the authorization rules, not yet stored. */
    private record Built(Pdu pdu, String canonicalJson) {}

    private Built build(RoomHead head, NewRoomEvent request) throws MatrixException {
        RoomVersion version = head.version;
        Map<StateTuple, Pdu> authState = new HashMap<>();
        List<String> authEvents = new ArrayList<>();
        for (StateTuple key : head.selection.keys(request.type(), request.sender().toString(),
                request.stateKey(), request.content())) {
            stateEvent(head, key).ifPresent(e -> {
                authState.put(key, e);
                authEvents.add(e.eventId());
            });
        }
        // From room version 12 the create event is named by the room ID instead of being an auth
        // event, but the rules still read it.
        stateEvent(head, StateTuple.CREATE).ifPresent(e -> authState.putIfAbsent(StateTuple.CREATE, e));
        ObjectNode json = skeleton(version, request, head.extremities, authEvents, head.depth + 1, clock.millis());
        boolean createNamesRoom = "m.room.create".equals(request.type())
                && version.roomIdFormat() == RoomIdFormat.CREATE_EVENT_ID;
        if (!createNamesRoom) {
            json.put("room_id", head.roomId);
        }
        if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
            json.put("event_id", "$" + Tokens.random(18) + ":" + server.name().value());
        }
        ObjectNode signed = EventSigner.hashAndSign(version, json, server.name().value(), signingKey.key());
        byte[] canonical = version.canonicalJson().encode(signed);
        if (canonical.length > MAX_EVENT_BYTES) {
            throw new MatrixException(413, "M_TOO_LARGE",
                    "Event is " + canonical.length + " bytes; the limit is " + MAX_EVENT_BYTES);
        }
        Pdu pdu = EventIds.pdu(version, signed);
        if (head.rules.check(pdu, authState) instanceof AuthVerdict.Deny deny) {
            throw MatrixException.forbidden(deny.reason());
        }
        return new Built(pdu, new String(canonical, StandardCharsets.UTF_8));
    }

    private Sent commit(RoomHead head, Built built, NewRoomEvent request, boolean roomCreation) throws MatrixException {
        Pdu pdu = built.pdu();
        policies.check(new ProposedEvent(RoomEvents.of(head.roomId, pdu, 0), roomCreation, server.name(), true));
        Map<StateKey, String> delta = request.stateKey() == null ? Map.of()
                : Map.of(new StateKey(request.type(), request.stateKey()), pdu.eventId());
        EventStore.Appended appended = events.append(head.roomId, new NewEvent(pdu.eventId(), pdu.type(),
                        request.stateKey(), pdu.sender(), pdu.depth(), pdu.originServerTs(), built.canonicalJson(),
                        request.txnId() == null ? null : request.deviceId(), request.txnId()),
                head.stateGroup, delta, List.of(pdu.eventId()));

        head.extremities = List.of(pdu.eventId());
        head.depth = pdu.depth();
        head.stateGroup = appended.stateGroup();
        if (request.stateKey() != null) {
            head.state.put(new StateTuple(request.type(), request.stateKey()), pdu);
        }
        notifier.eventStored(head.roomId, "m.room.member".equals(pdu.type()) ? request.stateKey() : null);
        streams.stored(appended.streamPosition());
        return new Sent(pdu.eventId(), appended.streamPosition());
    }

    /** The room's current power levels, as the authorization rules read them. */
    public PowerLevels powerLevels(String roomId) throws MatrixException {
        RoomHead head = head(roomId);
        Map<StateTuple, Pdu> state = new HashMap<>();
        stateEvent(head, StateTuple.CREATE).ifPresent(e -> state.put(StateTuple.CREATE, e));
        stateEvent(head, StateTuple.POWER_LEVELS).ifPresent(e -> state.put(StateTuple.POWER_LEVELS, e));
        return new AuthState(head.rules.ruleSet(), state).powerLevels();
    }

    private Optional<Pdu> stateEvent(RoomHead head, StateTuple key) {
        Pdu cached = head.state.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Pdu> loaded = events.currentStateEvent(head.roomId, key.type(), key.stateKey())
                .flatMap(events::event)
                .map(StoredEvents::pdu);
        loaded.ifPresent(p -> head.state.put(key, p));
        return loaded;
    }

    private static ObjectNode skeleton(RoomVersion version, NewRoomEvent request, List<String> prevEvents,
                                       List<String> authEvents, long depth, long now) {
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
        json.put("origin_server_ts", now);
        json.put("depth", depth);
        json.set("prev_events", ids(version, prevEvents));
        json.set("auth_events", ids(version, authEvents));
        return json;
    }

    /** Versions 1 and 2 list {@code [event_id, {}]} pairs; later ones plain event IDs. */
    private static ArrayNode ids(RoomVersion version, List<String> eventIds) {
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
