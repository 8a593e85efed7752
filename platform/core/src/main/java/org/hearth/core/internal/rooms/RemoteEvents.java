package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.PduOutcome;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomIdFormat;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.util.PathSegments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of other servers into this server's rooms (Server-Server API, "Checks performed on
 * receipt of a PDU"): {@link ReceivedPdu} (format, signatures, hash), the missing prev_events
 * fetched with {@code /get_missing_events} and missing auth events with {@code /event_auth},
 * then {@link ReceivedPduAuth} (auth events, state before, current state) and the event placed in
 * the DAG: its state before is the resolution of its prev_events' states, the room's current
 * state the resolution across the forward extremities ({@link RoomDag}).
 */
public final class RemoteEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteEvents.class);
    /** How many missing events one PDU may pull in (/get_missing_events limit, auth chain). */
    static final int MAX_FETCHED = 50;
    /** How many prev_events of one PDU may have their state fetched. */
    static final int MAX_MISSING_PREVS = 5;
    /** How many events one missing state may fetch one by one with {@code /event}. */
    static final int MAX_EVENT_REQUESTS = 500;
    private static final String FEDERATION = "/_matrix/federation/v1";

    private final RoomWriter writer;

    public RemoteEvents(RoomWriter writer) {
        this.writer = writer;
    }

    /**
     * Receives one PDU.
     *
     * @param remote where missing events are fetched; null without the federation bundle
     */
    public PduOutcome receive(ServerName origin, JsonNode json, ReceivedPdu.KeyLookup keys, RemoteServers remote) {
        return receive(origin, json, keys, remote, true);
    }

    private PduOutcome receive(ServerName origin, JsonNode json, ReceivedPdu.KeyLookup keys, RemoteServers remote,
                               boolean fetchMissing) {
        String roomId = json.path("room_id").asText(null);
        RoomVersion version;
        try {
            if (roomId == null) {
                return dropped(null, "no room_id");
            }
            version = writer.versionOf(roomId);
        } catch (MatrixException e) {
            return dropped(json.path("event_id").asText(null), "unknown room " + roomId);
        }
        ReceivedPdu.Checked checked;
        try {
            checked = ReceivedPdu.check(version, json, keys);
        } catch (ReceivedPdu.Dropped e) {
            return dropped(e.eventId(), e.getMessage());
        }
        Pdu pdu = checked.pdu();
        EventStore events = writer.events();
        Optional<PduOutcome> known = outcomeOf(pdu.eventId());
        if (known.isPresent()) {
            return known.get();
        }
        Map<String, Map<StateKey, String>> fetchedStates = Map.of();
        if (remote != null && fetchMissing) {
            fetchAuthEvents(origin, version, roomId, pdu, keys, remote);
            fetchPrevEvents(origin, roomId, pdu, keys, remote);
            fetchedStates = statesAfterMissingPrevs(origin, version, roomId, pdu, keys, remote);
        }
        Map<String, Map<StateKey, String>> states = fetchedStates;
        try {
            return writer.write(roomId, batch -> place(batch, version, pdu, states));
        } catch (MatrixException e) {
            return dropped(pdu.eventId(), e.getMessage());
        }
    }

    /**
     * Checks 4 to 6 under the room's lock, and queues the event where they put it.
     *
     * @param fetched the states after prev_events this server does not hold, as their server gave them
     */
    private PduOutcome place(RoomBatch batch, RoomVersion version, Pdu pdu, Map<String, Map<StateKey, String>> fetched)
            throws MatrixException {
        EventStore events = writer.events();
        String roomId = pdu.roomId();
        RoomHead head = writer.head(roomId);
        Map<String, Pdu> authEvents = byId(events.events(pdu.authEvents()));
        if (authEvents.size() < pdu.authEvents().size()) {
            return dropped(pdu.eventId(), "auth events unknown here and not fetched");
        }
        List<Pdu> auth = pdu.authEvents().stream().map(authEvents::get).toList();
        Set<String> rejected = rejectedAmong(pdu.authEvents());
        Pdu create = createOf(version, roomId);

        List<String> prevs = pdu.prevEvents();
        long base = WriteBatch.Append.NO_STATE;
        Map<StateKey, String> baseState = Map.of();
        List<Map<StateKey, String>> prevStates = new ArrayList<>();
        for (String prev : prevs) {
            Optional<Long> group = events.stateGroupOf(prev);
            if (group.isPresent()) {
                Map<StateKey, String> state = events.state(group.get());
                if (base == WriteBatch.Append.NO_STATE) {
                    base = group.get();
                    baseState = state;
                }
                prevStates.add(state);
            } else if (fetched.containsKey(prev)) {
                prevStates.add(fetched.get(prev));
            } else {
                return dropped(pdu.eventId(), "prev_event " + prev + " unknown here and its state not fetched");
            }
        }
        if (prevStates.isEmpty()) {
            return dropped(pdu.eventId(), "no prev_events");
        }
        Map<StateKey, String> before = RoomDag.resolve(version, head.rules, prevStates, events);
        Map<StateKey, String> current = events.currentState(roomId);
        Map<String, Pdu> read = new HashMap<>();
        ReceivedPduAuth.Verdict verdict = new ReceivedPduAuth(head.rules).check(pdu, auth, create, rejected::contains,
                key -> lookup(before, key, read), key -> lookup(current, key, read));

        Map<StateKey, String> own = pdu.stateKey().map(k -> Map.of(new StateKey(pdu.type(), k), pdu.eventId()))
                .orElse(Map.of());
        Map<StateKey, String> after = new HashMap<>(before);
        List<String> extremities = events.forwardExtremities(roomId);
        Map<StateKey, String> currentDelta = Map.of();
        Map<StateKey, String> stateDelta = Map.of();
        switch (verdict.status()) {
            case ACCEPTED -> {
                stateDelta = own;
                after.putAll(own);
                extremities = RoomDag.extremitiesAfter(extremities, prevs, pdu.eventId());
                List<Map<StateKey, String>> states = new ArrayList<>();
                states.add(after);
                for (String e : extremities.subList(1, extremities.size())) {
                    events.stateGroupOf(e).map(events::state).ifPresent(states::add);
                }
                currentDelta = RoomDag.missingFrom(RoomDag.resolve(version, head.rules, states, events), current);
            }
            case SOFT_FAILED -> stateDelta = own; // in the DAG with its state, neither current state nor extremity
            default -> { }
        }
        Map<StateKey, String> resolvedBefore = RoomDag.missingFrom(before, baseState);
        String canonical = new String(version.canonicalJson().encode(pdu.json()), StandardCharsets.UTF_8);
        NewEvent event = new NewEvent(pdu.eventId(), pdu.type(), pdu.stateKey().orElse(null), pdu.sender(),
                pdu.depth(), pdu.originServerTs(), canonical, null);
        EventPlacement placement = new EventPlacement(prevs, pdu.authEvents(), verdict.status(), verdict.reason(),
                resolvedBefore, currentDelta);
        batch.receive(pdu, new WriteBatch.Append(roomId, event, base, stateDelta, extremities, placement));
        if (verdict.status() == EventPlacement.Status.ACCEPTED && "m.room.redaction".equals(pdu.type())) {
            redactTarget(batch, roomId, pdu);
        }
        if (verdict.reason() != null) {
            LOG.info("Event {} of {}: {} ({})", pdu.eventId(), roomId, verdict.status(), verdict.reason());
        }
        return switch (verdict.status()) {
            case ACCEPTED -> new PduOutcome(pdu.eventId(), PduOutcome.Result.ACCEPTED, null);
            case SOFT_FAILED -> new PduOutcome(pdu.eventId(), PduOutcome.Result.SOFT_FAILED, null);
            default -> new PduOutcome(pdu.eventId(), PduOutcome.Result.REJECTED, verdict.reason());
        };
    }

    /**
     * A received redaction redacts its target when the target is of the same room and its
     * sender's server sent the redaction, or the redaction's sender has the redact power level
     * (rooms v3 on, "Redactions": servers check this themselves); the create event never.
     */
    private void redactTarget(RoomBatch batch, String roomId, Pdu redaction) {
        Optional<StoredEvent> target = redaction.redacts().flatMap(writer.events()::event)
                .filter(t -> t.roomId().equals(roomId) && t.redactedBy() == null && !"m.room.create".equals(t.type()));
        if (target.isEmpty()) {
            return;
        }
        String targetServer = UserId.parse(target.get().sender()).map(u -> u.server().value()).orElse("");
        String redactorServer = UserId.parse(redaction.sender()).map(u -> u.server().value()).orElse("");
        var levels = batch.powerLevels(roomId);
        if (targetServer.equals(redactorServer) || levels.of(redaction.sender()) >= levels.redact()) {
            batch.redact(target.get(), redaction.eventId());
        }
    }

    /** The outcome of an event stored before (an outlier aside): receiving it again changes nothing. */
    Optional<PduOutcome> outcomeOf(String eventId) {
        for (EventFlags flags : writer.events().flags(List.of(eventId))) {
            PduOutcome.Result result = switch (flags.status()) {
                case ACCEPTED -> PduOutcome.Result.ACCEPTED;
                case SOFT_FAILED -> PduOutcome.Result.SOFT_FAILED;
                case REJECTED -> PduOutcome.Result.REJECTED;
                case OUTLIER -> null; // known without its place in the room: received in full it gets one
            };
            return Optional.ofNullable(result).map(r -> new PduOutcome(eventId, r, flags.rejectedReason()));
        }
        return Optional.empty();
    }

    /** Whether the event is stored here and was not rejected (an outlier is usable as state given by another server). */
    boolean usable(String eventId) {
        List<EventFlags> flags = writer.events().flags(List.of(eventId));
        return !flags.isEmpty() && flags.get(0).status() != EventPlacement.Status.REJECTED;
    }

    private Pdu lookup(Map<StateKey, String> state, StateTuple key, Map<String, Pdu> read) {
        String id = state.get(new StateKey(key.type(), key.stateKey()));
        if (id == null) {
            return null;
        }
        return read.computeIfAbsent(id, i -> writer.events().event(i).map(StoredEvents::pdu).orElse(null));
    }

    /** From room version 12 the create event is not an auth event: it is the room's ID. */
    private Pdu createOf(RoomVersion version, String roomId) {
        if (version.roomIdFormat() != RoomIdFormat.CREATE_EVENT_ID) {
            return null;
        }
        return writer.events().event("$" + roomId.substring(1)).map(StoredEvents::pdu).orElse(null);
    }

    private Set<String> rejectedAmong(List<String> ids) {
        Set<String> rejected = new HashSet<>();
        for (EventFlags f : writer.events().flags(ids)) {
            if (f.status() == EventPlacement.Status.REJECTED) {
                rejected.add(f.eventId());
            }
        }
        return rejected;
    }

    private static Map<String, Pdu> byId(List<StoredEvent> stored) {
        Map<String, Pdu> map = new HashMap<>();
        stored.forEach(e -> map.put(e.eventId(), StoredEvents.pdu(e)));
        return map;
    }

    /**
     * Auth events unknown here: the origin's {@code /event_auth} of the event, each checked and
     * stored as an outlier, oldest first.
     */
    private void fetchAuthEvents(ServerName origin, RoomVersion version, String roomId, Pdu pdu,
                                 ReceivedPdu.KeyLookup keys, RemoteServers remote) {
        Set<String> have = new HashSet<>();
        writer.events().events(pdu.authEvents()).forEach(e -> have.add(e.eventId()));
        if (have.size() == pdu.authEvents().size()) {
            return;
        }
        try {
            JsonNode chain = remote.request(origin, "GET", FEDERATION + "/event_auth/" + PathSegments.encode(roomId) + "/"
                    + PathSegments.encode(pdu.eventId()), Map.of(), null).path("auth_chain");
            storeOutliers(version, roomId, chain, keys);
        } catch (RemoteException e) {
            LOG.info("Cannot fetch the auth events of {} from {}: {}", pdu.eventId(), origin, e.getMessage());
        }
    }

    /** Prev events unknown here: {@code /get_missing_events} from the origin, received oldest first. */
    private void fetchPrevEvents(ServerName origin, String roomId, Pdu pdu, ReceivedPdu.KeyLookup keys,
                                 RemoteServers remote) {
        Set<String> have = new HashSet<>();
        for (String prev : pdu.prevEvents()) {
            writer.events().stateGroupOf(prev).ifPresent(g -> have.add(prev));
        }
        if (have.size() == pdu.prevEvents().size()) {
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        writer.events().forwardExtremities(roomId).forEach(body.putArray("earliest_events")::add);
        body.putArray("latest_events").add(pdu.eventId());
        body.put("limit", MAX_FETCHED);
        body.put("min_depth", 0);
        try {
            JsonNode missing = remote.request(origin, "POST", FEDERATION + "/get_missing_events/"
                    + PathSegments.encode(roomId), Map.of(), body).path("events");
            for (JsonNode e : oldestFirst(missing)) {
                receive(origin, e, keys, remote, false);
            }
        } catch (RemoteException e) {
            LOG.info("Cannot fetch the events missing before {} from {}: {}", pdu.eventId(), origin, e.getMessage());
        }
    }

    /**
     * The state after each prev_event still unknown here (Server-Server API, "Retrieving events":
     * {@code /state_ids} at it, then the events not held here with {@code /event}, kept as
     * outliers; the prev_event itself added when it is a state event).
     */
    private Map<String, Map<StateKey, String>> statesAfterMissingPrevs(ServerName origin, RoomVersion version,
            String roomId, Pdu pdu, ReceivedPdu.KeyLookup keys, RemoteServers remote) {
        Map<String, Map<StateKey, String>> states = new HashMap<>();
        for (String prev : pdu.prevEvents()) {
            if (writer.events().stateGroupOf(prev).isPresent() || states.size() == MAX_MISSING_PREVS) {
                continue;
            }
            try {
                JsonNode ids = remote.request(origin, "GET", FEDERATION + "/state_ids/" + PathSegments.encode(roomId),
                        Map.of("event_id", List.of(prev)), null);
                List<String> wanted = new ArrayList<>();
                ids.path("auth_chain_ids").forEach(id -> wanted.add(id.asText()));
                ids.path("pdu_ids").forEach(id -> wanted.add(id.asText()));
                wanted.add(prev);
                Set<String> have = new HashSet<>();
                writer.events().events(wanted).forEach(e -> have.add(e.eventId()));
                List<JsonNode> fetched = new ArrayList<>();
                int requests = 0;
                for (String id : new LinkedHashSet<>(wanted)) {
                    if (!have.contains(id) && requests++ < MAX_EVENT_REQUESTS) {
                        JsonNode answer = remote.request(origin, "GET", FEDERATION + "/event/" + PathSegments.encode(id),
                                Map.of(), null);
                        answer.path("pdus").forEach(fetched::add);
                    }
                }
                storeOutliers(version, roomId, fetched, keys);
                Map<StateKey, String> state = new HashMap<>();
                for (StoredEvent e : writer.events().events(textList(ids.path("pdu_ids")))) {
                    if (e.stateKey() != null && usable(e.eventId())) {
                        state.put(new StateKey(e.type(), e.stateKey()), e.eventId());
                    }
                }
                writer.events().event(prev).filter(e -> e.stateKey() != null && usable(e.eventId()))
                        .ifPresent(e -> state.put(new StateKey(e.type(), e.stateKey()), e.eventId()));
                states.put(prev, state);
            } catch (RemoteException e) {
                LOG.info("Cannot fetch the state at {} from {}: {}", prev, origin, e.getMessage());
            }
        }
        return states;
    }

    private static List<String> textList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Events fetched on their own (an auth chain): format, signatures, hash and auth events checked; no state. */
    void storeOutliers(RoomVersion version, String roomId, Iterable<JsonNode> list, ReceivedPdu.KeyLookup keys) {
        for (JsonNode json : oldestFirst(list)) {
            try {
                Pdu pdu = ReceivedPdu.check(version, json, keys).pdu();
                if (!roomId.equals(pdu.roomId()) && !"m.room.create".equals(pdu.type())
                        || writer.events().event(pdu.eventId()).isPresent()) {
                    continue;
                }
                writer.write(roomId, batch -> storeOutlier(batch, version, roomId, pdu));
            } catch (ReceivedPdu.Dropped | MatrixException e) {
                LOG.info("Fetched event of {} dropped: {}", roomId, e.getMessage());
            }
        }
    }

    private Void storeOutlier(RoomBatch batch, RoomVersion version, String roomId, Pdu pdu) {
        EventStore events = writer.events();
        Map<String, Pdu> authEvents = byId(events.events(pdu.authEvents()));
        if (authEvents.size() < pdu.authEvents().size()) {
            return null;
        }
        List<Pdu> auth = pdu.authEvents().stream().map(authEvents::get).toList();
        RoomHead head;
        try {
            head = writer.head(roomId);
        } catch (MatrixException e) {
            return null;
        }
        ReceivedPduAuth.Verdict verdict = new ReceivedPduAuth(head.rules).check(pdu, auth,
                createOf(version, roomId), rejectedAmong(pdu.authEvents())::contains, null, null);
        EventPlacement.Status status = verdict.status() == EventPlacement.Status.REJECTED
                ? EventPlacement.Status.REJECTED : EventPlacement.Status.OUTLIER;
        String canonical = new String(version.canonicalJson().encode(pdu.json()), StandardCharsets.UTF_8);
        NewEvent event = new NewEvent(pdu.eventId(), pdu.type(), pdu.stateKey().orElse(null), pdu.sender(),
                pdu.depth(), pdu.originServerTs(), canonical, null);
        // A rejected outlier has no state either: stored so that it is known as rejected.
        EventPlacement placement = new EventPlacement(pdu.prevEvents(), pdu.authEvents(), status,
                status == EventPlacement.Status.REJECTED ? verdict.reason() : null, Map.of(), null);
        batch.receive(pdu, new WriteBatch.Append(roomId, event, WriteBatch.Append.NO_STATE, Map.of(),
                List.of(), placement));
        return null;
    }

    /** At most {@link ServerReads#MAX_AUTH_CHAIN} of the events, by depth. */
    private static List<JsonNode> oldestFirst(Iterable<JsonNode> list) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : list) {
            if (events.size() == ServerReads.MAX_AUTH_CHAIN) {
                break;
            }
            events.add(e);
        }
        events.sort(Comparator.comparingLong(e -> e.path("depth").asLong()));
        return events;
    }

    /**
     * The event of a room joined through another server, on top of the state that server gave
     * (its events stored as outliers before): checked against its auth events and that state,
     * then the room's state is that state plus the event, the event its only extremity.
     *
     * @return the event ID
     * @throws MatrixException 403 when the event does not pass, 502 when it is not the one expected
     */
    String placeOnState(RoomVersion version, String roomId, JsonNode json, String eventId, Map<StateKey, String> state,
                        ReceivedPdu.KeyLookup keys) throws MatrixException {
        Pdu pdu;
        try {
            pdu = ReceivedPdu.check(version, json, keys).pdu();
        } catch (ReceivedPdu.Dropped e) {
            throw new MatrixException(502, "M_UNKNOWN", "The joined event is invalid: " + e.getMessage());
        }
        if (!pdu.eventId().equals(eventId)) {
            throw new MatrixException(502, "M_UNKNOWN", "The joined event is not the one sent");
        }
        return writer.write(roomId, batch -> {
            EventStore events = writer.events();
            RoomHead head = writer.head(roomId);
            Map<String, Pdu> authEvents = byId(events.events(pdu.authEvents()));
            List<Pdu> auth = pdu.authEvents().stream().map(authEvents::get).filter(java.util.Objects::nonNull).toList();
            Map<String, Pdu> read = new HashMap<>();
            ReceivedPduAuth.Verdict verdict = new ReceivedPduAuth(head.rules).check(pdu, auth, createOf(version, roomId),
                    rejectedAmong(pdu.authEvents())::contains, key -> lookup(state, key, read),
                    key -> lookup(state, key, read));
            if (verdict.status() != EventPlacement.Status.ACCEPTED) {
                throw MatrixException.forbidden("The room's state does not allow the event: " + verdict.reason());
            }
            Map<StateKey, String> own = Map.of(new StateKey(pdu.type(), pdu.stateKey().orElseThrow()), pdu.eventId());
            Map<StateKey, String> after = new HashMap<>(state);
            after.putAll(own);
            Map<StateKey, String> currentDelta = RoomDag.missingFrom(after, events.currentState(roomId));
            batch.receive(pdu, new WriteBatch.Append(roomId, newEvent(version, pdu), WriteBatch.Append.NO_STATE, own,
                    List.of(pdu.eventId()), new EventPlacement(pdu.prevEvents(), pdu.authEvents(),
                    EventPlacement.Status.ACCEPTED, null, state, currentDelta)));
            return pdu.eventId();
        });
    }

    /**
     * A membership event of a room this server is not in (an invite received, a leave or knock
     * sent): the room's only state here, so that the user sees it in /sync.
     */
    void keepAsOnlyState(RoomVersion version, String roomId, Pdu event) throws MatrixException {
        writer.write(roomId, batch -> {
            RoomHead head = writer.head(roomId);
            StateKey key = new StateKey(event.type(), event.stateKey().orElseThrow());
            batch.receive(event, new WriteBatch.Append(roomId, newEvent(version, event), head.stateGroup,
                    Map.of(key, event.eventId()), head.extremities, new EventPlacement(event.prevEvents(),
                    event.authEvents(), EventPlacement.Status.ACCEPTED, null, Map.of(), null)));
            return null;
        });
    }

    private static NewEvent newEvent(RoomVersion version, Pdu pdu) {
        String canonical = new String(version.canonicalJson().encode(pdu.json()), StandardCharsets.UTF_8);
        return new NewEvent(pdu.eventId(), pdu.type(), pdu.stateKey().orElse(null), pdu.sender(), pdu.depth(),
                pdu.originServerTs(), canonical, null);
    }

    private static PduOutcome dropped(String eventId, String reason) {
        return new PduOutcome(eventId, PduOutcome.Result.DROPPED, reason);
    }
}
