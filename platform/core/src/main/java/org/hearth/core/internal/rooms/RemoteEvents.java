package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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
import org.hearth.core.internal.event.EventIds;
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

    /**
     * Receives the events a server answered {@code /backfill} with (Server-Server API,
     * "Backfilling and retrieving missing events"): each checked as a pulled event (format,
     * signatures, hash, auth events, the state before it), oldest first, and stored as history:
     * at stream positions below every other, so that no sync or stream reader sees them as new
     * (no push, no federation), the room's current state and forward extremities untouched.
     *
     * @param pdus  the answer's {@code pdus}; at most {@code limit} of them of the room are taken
     * @return how many were stored as part of the room
     */
    public int backfill(ServerName origin, String roomId, JsonNode pdus, int limit, ReceivedPdu.KeyLookup keys,
                        RemoteServers remote) {
        RoomVersion version;
        try {
            version = writer.versionOf(roomId);
        } catch (MatrixException e) {
            return 0;
        }
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode e : pdus) {
            if (fresh.size() == limit) {
                break;
            }
            if (e instanceof ObjectNode event && ofRoom(version, roomId, event) && !known(version, event)) {
                fresh.add(e);
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        return storeHistory(origin, roomId, oldestFirst(fresh), writer.events().reserveHistoric(fresh.size()), keys,
                remote);
    }

    /**
     * Receives the events a server answered {@code /backfill} with for a gap ({@link Gaps}): those
     * of the answer reached from the gap's prev_events through prev_events not held here (not the
     * history before the events held below the gap), at most {@code limit}, stored as history
     * as {@link #backfill} does, at the positions just below {@code below}, oldest first.
     *
     * @param from  the prev_events of the event after the gap that are not held here
     * @param below the position of the event after the gap; {@code limit} positions below it are free
     * @return how many were stored as part of the room
     */
    public int backfillGap(ServerName origin, String roomId, JsonNode pdus, Collection<String> from, int limit,
                           long below, ReceivedPdu.KeyLookup keys, RemoteServers remote) {
        RoomVersion version;
        try {
            version = writer.versionOf(roomId);
        } catch (MatrixException e) {
            return 0;
        }
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode e : pdus) {
            if (e instanceof ObjectNode event && ofRoom(version, roomId, event) && !known(version, event)) {
                try {
                    byId.put(EventIds.compute(version, event.deepCopy()), e);
                } catch (RuntimeException invalid) {
                    // no ID: not part of the walk
                }
            }
        }
        List<JsonNode> gap = new ArrayList<>();
        ArrayDeque<String> next = new ArrayDeque<>(from);
        Set<String> seen = new HashSet<>(from);
        while (!next.isEmpty() && gap.size() < limit) {
            JsonNode e = byId.get(next.poll());
            if (e == null) {
                continue; // held here, or not in the answer: the walk stops there
            }
            gap.add(e);
            for (JsonNode prev : e.path("prev_events")) {
                String id = prev.isArray() ? prev.path(0).asText() : prev.asText(); // room v1/v2: [id, hashes]
                if (seen.add(id)) {
                    next.add(id);
                }
            }
        }
        if (gap.isEmpty()) {
            return 0;
        }
        return storeHistory(origin, roomId, oldestFirst(gap), below - gap.size(), keys, remote);
    }

    /** Receives the events, oldest first, as history, each at the next position from {@code position}. */
    private int storeHistory(ServerName origin, String roomId, List<JsonNode> ordered, long position,
                             ReceivedPdu.KeyLookup keys, RemoteServers remote) {
        int accepted = 0;
        for (JsonNode e : ordered) {
            PduOutcome outcome = receive(origin, e, keys, remote, false, roomId, position++);
            if (outcome.result() == PduOutcome.Result.ACCEPTED) {
                accepted++;
            } else if (outcome.error() != null) {
                LOG.info("Backfilled event {} of {} from {}: {} ({})", outcome.eventId(), roomId, origin,
                        outcome.result(), outcome.error());
            }
        }
        return accepted;
    }

    /** Whether the event is of the room: its {@code room_id}, or from room version 12 the create event naming it. */
    private static boolean ofRoom(RoomVersion version, String roomId, ObjectNode event) {
        if (event.has("room_id")) {
            return roomId.equals(event.path("room_id").asText());
        }
        try {
            return "m.room.create".equals(event.path("type").asText())
                    && roomId.equals(EventIds.roomId(version, event.deepCopy()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the event is stored here already (not as an outlier); false when it has no ID, to be dropped later. */
    private boolean known(RoomVersion version, ObjectNode event) {
        try {
            return outcomeOf(EventIds.compute(version, event.deepCopy())).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private PduOutcome receive(ServerName origin, JsonNode json, ReceivedPdu.KeyLookup keys, RemoteServers remote,
                               boolean pushed) {
        return receive(origin, json, keys, remote, pushed, null, 0);
    }

    /**
     * @param room       the room a backfilled event was fetched for (a version 12 create event names no room)
     * @param historicAt the reserved position of a backfilled event, else 0
     */
    private PduOutcome receive(ServerName origin, JsonNode json, ReceivedPdu.KeyLookup keys, RemoteServers remote,
                               boolean pushed, String room, long historicAt) {
        Admitted admitted = admit(origin, json, keys, pushed, room, 0);
        return admitted.outcome() != null ? admitted.outcome()
                : placeAlone(origin, admitted, keys, remote, pushed, historicAt);
    }

    /**
     * Receives the PDUs of one transaction ({@code PUT /send}), each checked as {@link #receive}
     * checks one, in order. Consecutive PDUs of one room that each follow the one before them
     * ({@link PlacedRun#takes}: a busy room's messages) are placed in one batch and written in one
     * transaction, one commit for them all; an event whose prev_events or auth events must be
     * fetched first is received alone. When a batch cannot be written, each of its events is
     * received alone: one event never costs the others theirs.
     *
     * @return the outcome of each PDU, in the order of the list
     */
    public List<PduOutcome> receiveAll(ServerName origin, List<JsonNode> pdus, ReceivedPdu.KeyLookup keys,
                                       RemoteServers remote) {
        PduOutcome[] outcomes = new PduOutcome[pdus.size()];
        List<Admitted> sameRoom = new ArrayList<>();
        for (int i = 0; i < pdus.size(); i++) {
            if (sameRoom.stream().anyMatch(a -> "m.room.server_acl".equals(a.pdu().type()))) {
                // the ACL check of the PDUs after it is against the room's state with it
                placeInRuns(origin, sameRoom, outcomes, keys, remote);
                sameRoom.clear();
            }
            Admitted admitted;
            try {
                admitted = admit(origin, pdus.get(i), keys, true, null, i);
            } catch (RuntimeException e) {
                LOG.error("A PDU from {} could not be checked", origin, e);
                outcomes[i] = dropped(pdus.get(i).path("event_id").asText(null), "internal error");
                continue;
            }
            if (admitted.outcome() != null) {
                outcomes[i] = admitted.outcome();
                continue;
            }
            if (!sameRoom.isEmpty() && !sameRoom.get(0).roomId().equals(admitted.roomId())) {
                placeInRuns(origin, sameRoom, outcomes, keys, remote);
                sameRoom.clear();
            }
            sameRoom.add(admitted);
        }
        placeInRuns(origin, sameRoom, outcomes, keys, remote);
        return List.of(outcomes);
    }

    /** Places admitted PDUs of one room, in order: in runs of one batch each where they follow each other. */
    private void placeInRuns(ServerName origin, List<Admitted> sameRoom, PduOutcome[] outcomes,
                             ReceivedPdu.KeyLookup keys, RemoteServers remote) {
        int next = 0;
        while (next < sameRoom.size()) {
            Admitted first = sameRoom.get(next);
            if (!heldHere(first.pdu())) {
                outcomes[first.index()] = placeAloneGuarded(origin, first, keys, remote);
                next++;
                continue;
            }
            int from = next;
            int[] reached = {from};
            try {
                next = writer.write(first.roomId(), batch -> {
                    PlacedRun run = new PlacedRun();
                    int i = from;
                    do {
                        Admitted a = sameRoom.get(i);
                        outcomes[a.index()] = place(batch, a.version(), a.roomId(), a.pdu(), Map.of(), 0, run);
                        reached[0] = ++i;
                    } while (i < sameRoom.size() && takes(run, sameRoom.get(i).pdu()));
                    return i;
                });
            } catch (MatrixException | RuntimeException e) {
                LOG.info("Received events of {} not written together, now one by one: {}", first.roomId(),
                        e.toString());
                next = Math.max(reached[0], from + 1);
                for (int i = from; i < next; i++) {
                    outcomes[sameRoom.get(i).index()] = placeAloneGuarded(origin, sameRoom.get(i), keys, remote);
                }
            }
        }
    }

    /** Whether the run can take the event: it follows the run's last event and its auth events are held. */
    private boolean takes(PlacedRun run, Pdu pdu) {
        if (!run.takes(pdu)) {
            return false;
        }
        List<String> elsewhere = pdu.authEvents().stream().filter(id -> run.event(id) == null).toList();
        return elsewhere.isEmpty() || writer.events().events(elsewhere).size() == elsewhere.size();
    }

    /** Whether every auth event of the event is stored here, and every prev_event with its state: nothing to fetch. */
    private boolean heldHere(Pdu pdu) {
        EventStore events = writer.events();
        return events.events(pdu.authEvents()).size() == pdu.authEvents().size()
                && pdu.prevEvents().stream().allMatch(prev -> events.stateGroupOf(prev).isPresent());
    }

    private PduOutcome placeAloneGuarded(ServerName origin, Admitted admitted, ReceivedPdu.KeyLookup keys,
                                         RemoteServers remote) {
        try {
            return placeAlone(origin, admitted, keys, remote, true, 0);
        } catch (RuntimeException e) {
            LOG.error("A PDU from {} could not be handled", origin, e);
            return dropped(admitted.pdu().eventId(), "internal error");
        }
    }

    /**
     * A PDU through checks 1 to 3 (format, signatures, hashes; a pushed one the room's server
     * ACL), not stored yet: to be placed. {@code outcome} is set instead when it ends there.
     *
     * @param index its place in the list it came in
     */
    private record Admitted(PduOutcome outcome, int index, String roomId, RoomVersion version, Pdu pdu) {
        static Admitted ended(PduOutcome outcome) {
            return new Admitted(outcome, -1, null, null, null);
        }
    }

    private Admitted admit(ServerName origin, JsonNode json, ReceivedPdu.KeyLookup keys, boolean pushed, String room,
                           int index) {
        String roomId = json.has("room_id") ? json.path("room_id").asText(null) : room;
        RoomVersion version;
        try {
            if (roomId == null) {
                return Admitted.ended(dropped(null, "no room_id"));
            }
            version = writer.versionOf(roomId);
        } catch (MatrixException e) {
            return Admitted.ended(dropped(json.path("event_id").asText(null), "unknown room " + roomId));
        }
        ReceivedPdu.Checked checked;
        try {
            checked = ReceivedPdu.check(version, json, keys);
        } catch (ReceivedPdu.Dropped e) {
            return Admitted.ended(dropped(e.eventId(), e.getMessage()));
        }
        Pdu pdu = checked.pdu();
        if (pushed && !ServerReads.acl(writer.events(), roomId).allows(origin.value())) {
            // Server-Server API, "Server Access Control Lists": a denied server's transaction PDUs are refused
            return Admitted.ended(dropped(pdu.eventId(), "server " + origin + " is denied by the room's server ACL"));
        }
        Optional<PduOutcome> known = outcomeOf(pdu.eventId());
        if (known.isPresent()) {
            return Admitted.ended(known.get());
        }
        return new Admitted(null, index, roomId, version, pdu);
    }

    /** Fetches what the admitted event lacks, then places it in a batch of its own. */
    private PduOutcome placeAlone(ServerName origin, Admitted admitted, ReceivedPdu.KeyLookup keys,
                                  RemoteServers remote, boolean pushed, long historicAt) {
        String roomId = admitted.roomId();
        RoomVersion version = admitted.version();
        Pdu pdu = admitted.pdu();
        Map<String, Map<StateKey, String>> fetchedStates = Map.of();
        if (remote != null) {
            fetchAuthEvents(origin, version, roomId, pdu, keys, remote);
            if (pushed) {
                // a gap before a pushed event is filled with /get_missing_events only: what stays
                // missing drops the event (as Synapse does; SyTest checks no state is asked then)
                fetchPrevEvents(origin, roomId, pdu, keys, remote);
            } else {
                // the oldest of the events pulled to fill the gap: the state at its prev_events
                // still unknown here is fetched, which joins the gap to the DAG held here
                fetchedStates = statesAfterMissingPrevs(origin, version, roomId, pdu, keys, remote);
            }
        }
        Map<String, Map<StateKey, String>> states = fetchedStates;
        try {
            return writer.write(roomId, batch -> place(batch, version, roomId, pdu, states, historicAt, null));
        } catch (MatrixException e) {
            return dropped(pdu.eventId(), e.getMessage());
        }
    }

    /**
     * Checks 4 to 6 under the room's lock, and queues the event where they put it.
     *
     * @param fetched    the states after prev_events this server does not hold, as their server gave them
     * @param historicAt the reserved position of a backfilled event (history: no soft failure, the
     *                   room's current state and extremities untouched), else 0
     * @param run        the events of a {@code /send} placed in this batch before, which this one
     *                   joins; null for an event placed alone
     */
    private PduOutcome place(RoomBatch batch, RoomVersion version, String roomId, Pdu pdu,
                             Map<String, Map<StateKey, String>> fetched, long historicAt, PlacedRun run)
            throws MatrixException {
        boolean historic = historicAt != 0;
        // on top of the run's last event: the store does not hold the run yet, the run answers for it
        boolean follows = run != null && run.takes(pdu);
        // Checked again under the room's lock: another origin's transaction (or its missing events)
        // may have placed this event since receive() looked, and a second insert would fail.
        Optional<PduOutcome> known = outcomeOf(pdu.eventId());
        if (known.isPresent()) {
            return known.get();
        }
        EventStore events = writer.events();
        RoomHead head = writer.head(roomId);
        Map<String, Pdu> authEvents = byId(events.events(pdu.authEvents()));
        if (follows) {
            pdu.authEvents().stream().filter(id -> run.event(id) != null)
                    .forEach(id -> authEvents.put(id, run.event(id)));
        }
        if (authEvents.size() < pdu.authEvents().size()) {
            return dropped(pdu.eventId(), "auth events unknown here and not fetched");
        }
        List<Pdu> auth = pdu.authEvents().stream().map(authEvents::get).toList();
        Set<String> rejected = rejectedAmong(pdu.authEvents());
        if (follows) {
            pdu.authEvents().stream().filter(run::rejected).forEach(rejected::add);
        }
        Pdu create = createOf(version, roomId);

        List<String> prevs = pdu.prevEvents();
        long base = WriteBatch.Append.NO_STATE;
        Map<StateKey, String> baseState = Map.of();
        List<Map<StateKey, String>> prevStates = new ArrayList<>();
        Set<String> otherRooms = new HashSet<>();
        if (follows) {
            // the state group the store makes for the run's last event, not stored yet
            base = WriteBatch.Append.AFTER_PREVIOUS;
            baseState = run.stateAfterLast();
            prevStates.add(baseState);
        } else {
            events.events(prevs).stream().filter(e -> !e.roomId().equals(roomId))
                    .forEach(e -> otherRooms.add(e.eventId()));
        }
        for (String prev : follows ? List.<String>of() : prevs) {
            if (otherRooms.contains(prev)) {
                // an event of another room is no place in this room's DAG: its state must not leak in
                return dropped(pdu.eventId(), "prev_event " + prev + " is of another room");
            }
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
        if (prevStates.isEmpty() && historic && "m.room.create".equals(pdu.type())) {
            prevStates.add(Map.of()); // the start of the room's history: nothing before it
        }
        if (prevStates.isEmpty()) {
            return dropped(pdu.eventId(), "no prev_events");
        }
        Map<StateKey, String> before = RoomDag.resolve(version, head.rules, prevStates, events);
        // history is not checked against the current state: it came before it
        Map<StateKey, String> current = historic ? before : follows ? run.current() : events.currentState(roomId);
        Map<String, Pdu> read = follows ? run.events() : new HashMap<>();
        // A room joined with partial state lacks the member events from before the join: a member
        // unknown there is taken from the event's own auth events (as Synapse does); the room's
        // state, once complete, holds it.
        boolean partial = events.partialState(roomId).isPresent();
        Map<StateTuple, Pdu> unknownMembers = partial ? members(auth) : Map.of();
        ReceivedPduAuth.Verdict verdict = new ReceivedPduAuth(head.rules).check(pdu, auth, create, rejected::contains,
                key -> lookup(before, key, read, unknownMembers), key -> lookup(current, key, read, unknownMembers));
        if ("m.room.redaction".equals(pdu.type())
                && pdu.redacts().flatMap(events::event).filter(t -> !t.roomId().equals(roomId)).isPresent()) {
            // a redaction names an event of its own room (Client-Server API, "Redactions"): stored, never shown
            verdict = new ReceivedPduAuth.Verdict(EventPlacement.Status.REJECTED, "it redacts an event of another room");
        }

        Map<StateKey, String> own = pdu.stateKey().map(k -> Map.of(new StateKey(pdu.type(), k), pdu.eventId()))
                .orElse(Map.of());
        Map<StateKey, String> after = new HashMap<>(before);
        List<String> extremities = follows ? run.extremities() : events.forwardExtremities(roomId);
        Map<StateKey, String> currentDelta = Map.of();
        Map<StateKey, String> stateDelta = Map.of();
        switch (verdict.status()) {
            case ACCEPTED -> {
                stateDelta = own;
                after.putAll(own);
                if (historic) {
                    currentDelta = Map.of();
                    break;
                }
                extremities = RoomDag.extremitiesAfter(extremities, followed(prevs, extremities), pdu.eventId());
                List<Map<StateKey, String>> states = new ArrayList<>();
                states.add(after);
                for (String e : extremities.subList(1, extremities.size())) {
                    events.stateGroupOf(e).map(events::state).ifPresent(states::add);
                }
                currentDelta = RoomDag.missingFrom(RoomDag.resolve(version, head.rules, states, events, pdu), current);
            }
            case SOFT_FAILED -> stateDelta = own; // in the DAG with its state, neither current state nor extremity
            default -> { }
        }
        Map<StateKey, String> resolvedBefore = RoomDag.missingFrom(before, baseState);
        String canonical = new String(version.canonicalJson().encode(pdu.json()), StandardCharsets.UTF_8);
        NewEvent event = new NewEvent(pdu.eventId(), pdu.type(), pdu.stateKey().orElse(null), pdu.sender(),
                pdu.depth(), pdu.originServerTs(), canonical, null);
        // an event at the head whose prev_events' states were fetched follows a gap: positions are
        // left free below it, for the gap's events when a client pages into it (Backfill.intoGap)
        int gapBefore = historic || fetched.isEmpty() ? 0 : Gaps.POSITIONS;
        EventPlacement placement = new EventPlacement(prevs, pdu.authEvents(), verdict.status(), verdict.reason(),
                resolvedBefore, currentDelta, historicAt, gapBefore);
        batch.receive(pdu, new WriteBatch.Append(roomId, event, base, stateDelta, extremities, placement));
        if (run != null) {
            run.placed(pdu, verdict.status(), stateAfter(verdict.status(), base, before, resolvedBefore, stateDelta),
                    verdict.status() == EventPlacement.Status.ACCEPTED ? with(current, currentDelta) : current,
                    extremities);
        }
        // While the state is partial an acceptance is provisional (PartialStateRecheck may reject the
        // redaction once the state is complete), and a redaction prunes its target for good: it is
        // applied then, if it still stands. Clients apply the redaction event they are sent meanwhile.
        if (verdict.status() == EventPlacement.Status.ACCEPTED && "m.room.redaction".equals(pdu.type())
                && (historic || !partial)) {
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
     * The events an accepted event follows, as far as forward extremities go: its prev_events and,
     * behind those that are soft-failed or rejected, theirs. Neither kind is ever an extremity, so
     * an extremity that only such an event follows would otherwise stay one for ever, and every
     * local event would keep referencing it (Server-Server API, "Soft failure": the soft-failed
     * event joins the DAG once an accepted event references it). At most {@link #MAX_FETCHED}
     * hidden events are walked; an event following more is rare and costs an extra extremity.
     */
    private List<String> followed(List<String> prevs, List<String> extremities) {
        List<String> behind = prevs.stream().filter(e -> !extremities.contains(e)).toList();
        if (behind.isEmpty()) {
            return prevs; // the usual case: it follows only extremities
        }
        Set<String> followed = new LinkedHashSet<>(prevs);
        Set<String> walked = new HashSet<>();
        List<String> next = behind;
        while (!next.isEmpty() && walked.size() < MAX_FETCHED) {
            List<String> hidden = writer.events().flags(next).stream()
                    .filter(f -> f.status() == EventPlacement.Status.SOFT_FAILED
                            || f.status() == EventPlacement.Status.REJECTED)
                    .map(EventFlags::eventId).filter(walked::add).toList();
            next = writer.events().events(hidden).stream().flatMap(e -> StoredEvents.pdu(e).prevEvents().stream())
                    .filter(followed::add).toList();
        }
        return List.copyOf(followed);
    }

    /**
     * The state the store keeps after an event (see {@code WriteBatch.Append}): the state before
     * it with its own entry, none for a rejected event without a state before it.
     */
    private static Map<StateKey, String> stateAfter(EventPlacement.Status status, long base,
                                                    Map<StateKey, String> before, Map<StateKey, String> resolvedBefore,
                                                    Map<StateKey, String> stateDelta) {
        if (status == EventPlacement.Status.REJECTED && base == WriteBatch.Append.NO_STATE && resolvedBefore.isEmpty()) {
            return null;
        }
        return with(before, stateDelta);
    }

    private static Map<StateKey, String> with(Map<StateKey, String> state, Map<StateKey, String> changes) {
        if (changes.isEmpty()) {
            return state;
        }
        Map<StateKey, String> out = new HashMap<>(state);
        out.putAll(changes);
        return out;
    }

    /**
     * A received redaction redacts its target when the target is of the same room and its
     * sender's server sent the redaction, or the redaction's sender has the redact power level
     * (rooms v3 on, "Redactions": servers check this themselves); the create event never.
     */
    void redactTarget(RoomBatch batch, String roomId, Pdu redaction) {
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

    /** The member events among an event's auth events, by state key. */
    private static Map<StateTuple, Pdu> members(List<Pdu> auth) {
        Map<StateTuple, Pdu> members = new HashMap<>();
        auth.stream().filter(e -> "m.room.member".equals(e.type())).forEach(e -> members.put(StateTuple.of(e), e));
        return members;
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

    Pdu lookup(Map<StateKey, String> state, StateTuple key, Map<String, Pdu> read) {
        return lookup(state, key, read, Map.of());
    }

    /** @param unknown what to take for a key the state lacks */
    private Pdu lookup(Map<StateKey, String> state, StateTuple key, Map<String, Pdu> read, Map<StateTuple, Pdu> unknown) {
        String id = state.get(new StateKey(key.type(), key.stateKey()));
        if (id == null) {
            return unknown.get(key);
        }
        return read.computeIfAbsent(id, i -> writer.events().event(i).map(StoredEvents::pdu).orElse(null));
    }

    /** From room version 12 the create event is not an auth event: it is the room's ID. */
    Pdu createOf(RoomVersion version, String roomId) {
        if (version.roomIdFormat() != RoomIdFormat.CREATE_EVENT_ID) {
            return null;
        }
        return writer.events().event("$" + roomId.substring(1)).map(StoredEvents::pdu).orElse(null);
    }

    Set<String> rejectedAmong(List<String> ids) {
        Set<String> rejected = new HashSet<>();
        for (EventFlags f : writer.events().flags(ids)) {
            if (f.status() == EventPlacement.Status.REJECTED) {
                rejected.add(f.eventId());
            }
        }
        return rejected;
    }

    static Map<String, Pdu> byId(List<StoredEvent> stored) {
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

    /**
     * Events fetched on their own (an auth chain, a room's state): format, signatures, hash and
     * auth events checked; no state. Written {@value #OUTLIERS_PER_WRITE} to a transaction, so that
     * the 10,000 member events of a large room's state do not cost 10,000 commits.
     */
    void storeOutliers(RoomVersion version, String roomId, Iterable<JsonNode> list, ReceivedPdu.KeyLookup keys) {
        List<Pdu> checked = new ArrayList<>();
        for (JsonNode json : oldestFirst(list)) {
            try {
                Pdu pdu = ReceivedPdu.check(version, json, keys).pdu();
                if (roomId.equals(pdu.roomId()) || "m.room.create".equals(pdu.type())) {
                    checked.add(pdu);
                }
            } catch (ReceivedPdu.Dropped e) {
                LOG.info("Fetched event of {} dropped: {}", roomId, e.getMessage());
            }
        }
        Set<String> held = new HashSet<>();
        writer.events().flags(checked.stream().map(Pdu::eventId).toList()).forEach(f -> held.add(f.eventId()));
        List<Pdu> fresh = checked.stream().filter(p -> !held.contains(p.eventId())).toList();
        for (int from = 0; from < fresh.size(); from += OUTLIERS_PER_WRITE) {
            List<Pdu> chunk = fresh.subList(from, Math.min(fresh.size(), from + OUTLIERS_PER_WRITE));
            try {
                writer.write(roomId, batch -> {
                    Set<String> rejectedHere = new HashSet<>();
                    for (Pdu pdu : chunk) {
                        storeOutlier(batch, version, roomId, pdu, rejectedHere);
                    }
                    return null;
                });
            } catch (MatrixException e) {
                LOG.info("Fetched events of {} dropped: {}", roomId, e.getMessage());
            }
        }
    }

    /** How many fetched events one transaction stores. */
    private static final int OUTLIERS_PER_WRITE = 500;

    /**
     * @param rejectedHere the events of the batch found rejected so far (their auth events may be
     *                     among the events of the same batch, not stored yet)
     */
    private void storeOutlier(RoomBatch batch, RoomVersion version, String roomId, Pdu pdu, Set<String> rejectedHere) {
        EventStore events = writer.events();
        if (batch.queued(pdu.eventId()).isPresent() || events.event(pdu.eventId()).isPresent()) {
            return; // twice in the list, or stored meanwhile by another origin's transaction
        }
        Map<String, Pdu> authEvents = byId(events.events(pdu.authEvents()));
        for (String id : pdu.authEvents()) {
            if (!authEvents.containsKey(id)) {
                batch.queued(id).ifPresent(e -> authEvents.put(id, e));
            }
        }
        if (authEvents.size() < pdu.authEvents().size()) {
            return;
        }
        List<Pdu> auth = pdu.authEvents().stream().map(authEvents::get).toList();
        RoomHead head;
        try {
            head = writer.head(roomId);
        } catch (MatrixException e) {
            return;
        }
        Set<String> rejected = rejectedAmong(pdu.authEvents());
        pdu.authEvents().stream().filter(rejectedHere::contains).forEach(rejected::add);
        Pdu create = createOf(version, roomId);
        if (create == null && version.roomIdFormat() == RoomIdFormat.CREATE_EVENT_ID) {
            create = batch.queued("$" + roomId.substring(1)).orElse(null); // stored in this batch
        }
        ReceivedPduAuth.Verdict verdict = new ReceivedPduAuth(head.rules).check(pdu, auth, create,
                rejected::contains, null, null);
        EventPlacement.Status status = verdict.status() == EventPlacement.Status.REJECTED
                ? EventPlacement.Status.REJECTED : EventPlacement.Status.OUTLIER;
        if (status == EventPlacement.Status.REJECTED) {
            rejectedHere.add(pdu.eventId());
        }
        String canonical = new String(version.canonicalJson().encode(pdu.json()), StandardCharsets.UTF_8);
        NewEvent event = new NewEvent(pdu.eventId(), pdu.type(), pdu.stateKey().orElse(null), pdu.sender(),
                pdu.depth(), pdu.originServerTs(), canonical, null);
        // A rejected outlier has no state either: stored so that it is known as rejected.
        EventPlacement placement = new EventPlacement(pdu.prevEvents(), pdu.authEvents(), status,
                status == EventPlacement.Status.REJECTED ? verdict.reason() : null, Map.of(), null);
        batch.receive(pdu, new WriteBatch.Append(roomId, event, WriteBatch.Append.NO_STATE, Map.of(),
                List.of(), placement));
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
                        ReceivedPdu.KeyLookup keys, boolean membersOmitted) throws MatrixException {
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
            Map<StateTuple, Pdu> unknownMembers = membersOmitted ? members(auth) : Map.of();
            ReceivedPduAuth.Verdict verdict = new ReceivedPduAuth(head.rules).check(pdu, auth, createOf(version, roomId),
                    rejectedAmong(pdu.authEvents())::contains, key -> lookup(state, key, read, unknownMembers),
                    key -> lookup(state, key, read, unknownMembers));
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
