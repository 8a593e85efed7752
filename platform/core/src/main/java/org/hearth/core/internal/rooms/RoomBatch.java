package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.hearth.api.MatrixException;
import org.hearth.api.event.ProposedEvent;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.PushStore;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.core.internal.event.EventIds;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomEvents;
import org.hearth.core.internal.event.RoomIdFormat;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.rooms.auth.AuthState;
import org.hearth.core.internal.rooms.auth.EventTypes;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.util.RandomStrings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events and other writes that commit together or not at all, prepared under the locks of their
 * rooms ({@link RoomWriter#write}). Each event is built, checked against its room version's
 * authorization rules and put to every {@code EventPolicy} as it is added, on top of the events
 * added before it; nothing is stored until the work is done, and then everything in one
 * transaction ({@link EventStore#write}). A refusal anywhere leaves nothing behind.
 *
 * <p>A batch holds the lock of the room it was opened on and of the rooms it creates; it reads
 * and writes only those. Used by one thread.
 */
public final class RoomBatch {
    private static final Logger LOG = LoggerFactory.getLogger(RoomBatch.class);
    private final RoomWriter writer;
    private final boolean transactionTaken;
    private final Map<String, PendingRoom> rooms = new LinkedHashMap<>();
    private final List<ReentrantLock> held = new ArrayList<>();
    private final List<Room> newRooms = new ArrayList<>();
    private final List<Queued> queued = new ArrayList<>();
    private final List<WriteBatch.Redaction> redactions = new ArrayList<>();
    private final List<String> removedAliases = new ArrayList<>();
    private final List<WriteBatch.Alias> addedAliases = new ArrayList<>();
    private final Map<String, Boolean> published = new LinkedHashMap<>();

    /** A room the batch holds: its head, and what the batch put on top of it. */
    private static final class PendingRoom {
        final RoomHead head;
        final boolean created;
        /**
         * Whether the head may take the batch's extremities, depth, state and membership after
         * the commit: not once a received event is not simply on top of the room (see
         * {@link #receive}); the head is then read again from storage.
         */
        boolean onTop = true;
        List<String> extremities;
        long depth;
        /** State set by the batch's own events, every type. */
        final Map<StateTuple, Pdu> state = new HashMap<>();
        /** The membership after the batch's events; null until read. */
        RoomMembers members;
        /**
         * Whether {@link #state} and {@link #members} are the room after the batch's events: not
         * once a received event changed more of the current state than its own entry.
         */
        boolean followed = true;

        PendingRoom(RoomHead head, boolean created) {
            this.head = head;
            this.created = created;
            this.extremities = head.extremities;
            this.depth = head.depth;
            this.members = head.membership;
        }
    }

    /**
     * An event added, in order; {@code notifications} those evaluated as it was added (null for
     * one evaluated after the commit, or never: history).
     */
    private record Queued(String roomId, EventBuilder.Built built, ClientTxn txn, List<String> extremities,
                          WriteBatch.Append received, WriteBatch.Notifications notifications) {}

    /**
     * An event the batch stored, once committed; {@code inRoom} false for one hidden from the room
     * (not accepted); {@code notified} whether its push notifications were written with it;
     * {@code received} whether it came from another server; {@code historic} for an event
     * backfilled from another server.
     */
    record Stored(String roomId, Pdu pdu, long streamPosition, boolean inRoom, boolean notified, boolean received,
                  boolean historic) {}

    /**
     * @param transactionTaken whether an earlier attempt found the client transaction of an event
     *                         it sent taken: only then does {@link #send} look for that event first
     */
    RoomBatch(RoomWriter writer, boolean transactionTaken) {
        this.writer = writer;
        this.transactionTaken = transactionTaken;
    }

    /** Takes the room's lock and its head: 404 for a room unknown here. */
    void open(String roomId) throws MatrixException {
        ReentrantLock lock = writer.locks().of(roomId);
        lock.lock();
        held.add(lock);
        rooms.put(roomId, new PendingRoom(writer.head(roomId), false));
    }

    /** Releases the locks, newest first. */
    void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).unlock();
        }
        held.clear();
    }

    private PendingRoom pending(String roomId) {
        PendingRoom room = rooms.get(roomId);
        if (room == null) {
            throw new IllegalStateException("room " + roomId + " is not held by this batch");
        }
        return room;
    }

    /** The room's version. */
    public RoomVersion version(String roomId) {
        return pending(roomId).head.version;
    }

    /** A piece of the room's current state as the batch stands: its own events first, then the stored state. */
    public Optional<Pdu> state(String roomId, String type, String stateKey) {
        return state(roomId, new StateTuple(type, stateKey));
    }

    private Optional<Pdu> state(String roomId, StateTuple key) {
        PendingRoom room = pending(roomId);
        Pdu own = room.state.get(key);
        if (own != null) {
            return Optional.of(own);
        }
        Optional<Optional<Pdu>> known = room.head.known(key);
        if (known.isPresent()) {
            return known.get();
        }
        EventStore events = writer.events();
        Optional<Pdu> stored = events.currentStateEvent(roomId, key.type(), key.stateKey()).flatMap(events::event)
                .map(StoredEvents::pdu);
        stored.ifPresent(e -> room.head.put(key, e)); // committed state: safe to keep whatever the batch does
        return stored;
    }

    /** The user's current membership in the room, "leave" when none. */
    public String membership(String roomId, UserId user) {
        return membership(roomId, user.toString());
    }

    /** The room's power levels as the authorization rules read them. */
    public PowerLevels powerLevels(String roomId) {
        Map<StateTuple, Pdu> authState = new HashMap<>();
        state(roomId, StateTuple.CREATE).ifPresent(e -> authState.put(StateTuple.CREATE, e));
        state(roomId, StateTuple.POWER_LEVELS).ifPresent(e -> authState.put(StateTuple.POWER_LEVELS, e));
        return new AuthState(pending(roomId).head.rules.ruleSet(), authState).powerLevels();
    }

    /** The event the user's device sent earlier in this transaction, if it was sent already. */
    public Optional<String> earlier(UserId sender, ClientTxn txn) {
        return txn == null ? Optional.empty() : writer.events().eventForTransaction(sender, txn);
    }

    /**
     * Sends a local user's event: a retried transaction answers the event of the first attempt,
     * and state identical to the current state (same sender, same content) answers the current
     * event instead of repeating it (as Synapse does; "Setting state twice is idempotent").
     * Whether the transaction was sent already is not asked first (a retry is rare, the question
     * a database round trip on every send): the store refuses a taken transaction, and
     * {@link RoomWriter#write} runs the work again, which then answers the earlier event.
     *
     * @return the event ID
     */
    public String send(NewRoomEvent event) throws MatrixException {
        Optional<String> retried = transactionTaken ? earlier(event.sender(), event.txn()) : Optional.empty();
        if (retried.isPresent()) {
            return retried.get();
        }
        if (event.stateKey() != null) {
            Optional<Pdu> current = state(event.roomId(), event.type(), event.stateKey());
            if (current.isPresent() && current.get().sender().equals(event.sender().toString())
                    && current.get().content().equals(event.content())) {
                return current.get().eventId();
            }
        }
        return add(event);
    }

    /**
     * Builds the event on top of the room as the batch stands, checks it against the
     * authorization rules and the event policies, and queues it.
     *
     * @return the event ID
     * @throws MatrixException the refusal: 403 from the rules (400 {@code M_INVALID_ROOM_STATE}
     *                         for the initial state of a room being created), the policy's error
     */
    public String add(NewRoomEvent event) throws MatrixException {
        PendingRoom room = pending(event.roomId());
        if (CanonicalAliases.TYPE.equals(event.type()) && "".equals(event.stateKey())) {
            CanonicalAliases.check(this, event.roomId(), event.content(), state(event.roomId(), CanonicalAliases.TYPE, ""));
        }
        if ("m.room.tombstone".equals(event.type())
                && event.roomId().equals(event.content().path("replacement_room").asText(null))) {
            throw new MatrixException(400, "M_BAD_JSON", "A tombstone cannot name its own room as the replacement");
        }
        EventBuilder.Built built;
        try {
            built = writer.builder().build(room.head, event.roomId(), RoomDag.prevEvents(room.extremities),
                    room.depth + 1, event,
                    key -> state(event.roomId(), key));
        } catch (MatrixException e) {
            if (room.created && e.status() == 403) {
                // Client-Server API, "Creation": initial state the rules refuse is M_INVALID_ROOM_STATE.
                throw new MatrixException(400, "M_INVALID_ROOM_STATE", e.getMessage());
            }
            throw e;
        }
        queue(room, event.roomId(), built, event.txn());
        return built.pdu().eventId();
    }

    private void queue(PendingRoom room, String roomId, EventBuilder.Built built, ClientTxn txn) throws MatrixException {
        Pdu pdu = built.pdu();
        writer.policies().check(new ProposedEvent(RoomEvents.of(roomId, pdu, 0), room.created,
                writer.server().name(), true));
        room.extremities = RoomDag.extremitiesAfter(room.extremities, pdu.prevEvents(), pdu.eventId());
        room.depth = pdu.depth();
        apply(room, roomId, pdu);
        queued.add(new Queued(roomId, built, txn, room.extremities, null,
                room.followed ? notifications(room, roomId, pdu) : null));
    }

    /** The room as the batch stands takes the state event (nothing for another event). */
    private void apply(PendingRoom room, String roomId, Pdu pdu) {
        String target = EventTypes.MEMBER.equals(pdu.type()) ? pdu.stateKey().orElse(null) : null;
        if (target != null) {
            // Read before the batch's first member event changes the state the store would answer.
            RoomMembers before = members(room, roomId);
            room.members = before.with(target, membership(roomId, target),
                    pdu.content().path("membership").asText("leave"), localSuffix());
        }
        pdu.stateKey().ifPresent(key -> room.state.put(new StateTuple(pdu.type(), key), pdu));
    }

    private String localSuffix() {
        return ":" + writer.server().name().value();
    }

    /** The room's membership as the batch stands, read from the store the first time. */
    private RoomMembers members(PendingRoom room, String roomId) {
        if (room.members == null) {
            room.members = RoomMembers.current(writer.events(), roomId, writer.server().name());
            room.head.membership = room.members; // committed state: safe to keep whatever the batch does
        }
        return room.members;
    }

    private String membership(String roomId, String userId) {
        return state(roomId, StateTuple.member(userId)).map(e -> e.content().path("membership").asText("leave"))
                .orElse("leave");
    }

    /** The push notifications of a local event, from the room as the batch stands once it is added. */
    private WriteBatch.Notifications notifications(PendingRoom room, String roomId, Pdu pdu) {
        String localSender = pdu.sender().endsWith(localSuffix()) ? pdu.sender() : null;
        List<PushStore.Notified> found;
        try {
            found = writer.notifications().evaluate(roomId, pdu, members(room, roomId), powerLevels(roomId),
                    user -> displayName(roomId, user));
        } catch (RuntimeException e) {
            // As a failure of the store's own: it costs the event's notifications, never the send.
            LOG.warn("Push rules not evaluated for {} in {}", pdu.eventId(), roomId, e);
            found = List.of();
        }
        return new WriteBatch.Notifications(roomId, pdu.eventId(), pdu.originServerTs(), localSender, found);
    }

    /**
     * A member's display name for push rules: from the batch's own member event, else as the head
     * holds it (a rule may ask about each member of a large room for every message, more than
     * the head keeps member events of), else read once.
     */
    private String displayName(String roomId, String userId) {
        PendingRoom room = pending(roomId);
        StateTuple key = StateTuple.member(userId);
        Pdu own = room.state.get(key);
        if (own != null) {
            return displayName(own);
        }
        RoomHead.MemberName known = room.head.name(userId);
        if (known != null) {
            return known.name();
        }
        Optional<Pdu> member = state(roomId, key);
        member.ifPresent(e -> room.head.name(userId, new RoomHead.MemberName(e.eventId(), displayName(e))));
        return member.map(RoomBatch::displayName).orElse(null);
    }

    private static String displayName(Pdu member) {
        JsonNode name = member.content().path("displayname");
        return name.isTextual() ? name.asText() : null;
    }

    /**
     * Creates a room: takes its lock and queues its create event, whose reference hash names the
     * room from version 12 on (before that the room gets a random ID).
     *
     * @return the new room's ID
     */
    public String createRoom(RoomVersion version, NewRoomEvent create) throws MatrixException {
        return createRoom(version, create, version.roomIdFormat() == RoomIdFormat.CREATE_EVENT_ID ? null : newRoomId());
    }

    /** A random room ID of this server, for room versions whose IDs are not named by the create event. */
    public String newRoomId() {
        return "!" + RandomStrings.urlSafe(12) + ":" + writer.server().name().value();
    }

    /**
     * Creates a room with an ID chosen before its create event: null for versions whose create
     * event names the room, else an ID from {@link #newRoomId}.
     */
    public String createRoom(RoomVersion version, NewRoomEvent create, String chosenId) throws MatrixException {
        boolean named = version.roomIdFormat() == RoomIdFormat.CREATE_EVENT_ID;
        if (named != (chosenId == null)) {
            throw new IllegalArgumentException("room version " + version.id() + (named ? " names" : " does not name")
                    + " rooms by their create event");
        }
        RoomHead draft = new RoomHead(chosenId, version, List.of(), 0, 0, true);
        EventBuilder.Built built = writer.builder().build(draft, chosenId, List.of(), 1, create, key -> Optional.empty());
        String roomId = named ? EventIds.roomId(version, built.pdu().json()) : chosenId;
        ReentrantLock lock = writer.locks().of(roomId);
        lock.lock(); // a fresh ID: nobody else waits for it
        held.add(lock);
        RoomHead head = new RoomHead(roomId, version, List.of(), 0, 0, true);
        head.membership = RoomMembers.NONE;
        PendingRoom room = new PendingRoom(head, true);
        rooms.put(roomId, room);
        newRooms.add(new Room(roomId, version.id(), create.sender().toString(), writer.now(), false));
        queue(room, roomId, built, null);
        return roomId;
    }

    /**
     * Queues an event received from another server, placed in the DAG by {@link RemoteEvents}.
     * One that changes the room's current state by its own entry at most (a message, a state
     * event on top of the room: nearly every event of a {@code /send}) is evaluated for push as a
     * local one, from the room once it is applied, and its notifications are written in its
     * transaction, not one of their own after it; one whose state resolution changed more (a
     * join's whole state, a state reset) leaves the batch's view of the room behind, and the
     * room's events are evaluated after the commit from the stored state. History is never, nor
     * here an event hidden from the room.
     * The room's head takes an event on top of it (accepted, its only forward extremity, the
     * current state changed by its own entry at most) as it takes a local one; after any other,
     * it is read again from storage after the commit.
     */
    void receive(Pdu pdu, WriteBatch.Append append) {
        String roomId = append.roomId();
        PendingRoom room = pending(roomId);
        EventPlacement placement = append.placement();
        boolean onTop = false;
        if (placement.status() == EventPlacement.Status.ACCEPTED && !placement.historic()) {
            // the store's rule: the entries state resolution gave, else the event's own state
            Map<StateKey, String> current = placement.currentState() != null ? placement.currentState()
                    : append.stateDelta();
            if (!current.values().stream().allMatch(pdu.eventId()::equals)) {
                room.followed = false;
            } else {
                if (!current.isEmpty()) {
                    apply(room, roomId, pdu);
                }
                // the only forward extremity, in the current state if it is state: the head after
                // it is what storage would answer
                onTop = current.isEmpty() == pdu.stateKey().isEmpty()
                        && append.forwardExtremities().equals(List.of(pdu.eventId()));
            }
        }
        if (onTop) {
            room.extremities = append.forwardExtremities();
            room.depth = pdu.depth();
        }
        room.onTop &= onTop;
        // one hidden from the room (rejected, soft-failed, an outlier) is not written with notifications
        WriteBatch.Notifications notifications = room.followed && !placement.historic()
                && placement.status() == EventPlacement.Status.ACCEPTED ? notifications(room, roomId, pdu) : null;
        queued.add(new Queued(roomId, new EventBuilder.Built(pdu, append.event().json()), null,
                append.forwardExtremities(), append, notifications));
    }

    /** An event this batch queued, by its ID. */
    Optional<Pdu> queued(String eventId) {
        return queued.stream().map(q -> q.built().pdu()).filter(p -> p.eventId().equals(eventId)).findFirst();
    }

    /** Replaces a queued event by the same event with more signatures (an invite the invitee's server signed). */
    void countersigned(Pdu pdu, String canonicalJson) {
        for (int i = 0; i < queued.size(); i++) {
            Queued q = queued.get(i);
            if (q.received() == null && q.built().pdu().eventId().equals(pdu.eventId())) {
                queued.set(i, new Queued(q.roomId(), new EventBuilder.Built(pdu, canonicalJson), q.txn(),
                        q.extremities(), null, q.notifications()));
                return;
            }
        }
        throw new IllegalArgumentException("no queued event " + pdu.eventId());
    }

    /** Maps a local alias to a room; a taken alias fails the whole batch with 409 {@code M_ROOM_IN_USE}. */
    public void addAlias(String alias, String roomId, UserId creator) {
        addedAliases.add(new WriteBatch.Alias(alias, roomId, creator));
    }

    public void removeAlias(String alias) {
        removedAliases.add(alias);
    }

    /** The room an alias names as the batch stands. */
    public Optional<String> roomOfAlias(String alias) {
        for (int i = addedAliases.size() - 1; i >= 0; i--) {
            if (addedAliases.get(i).alias().equals(alias)) {
                return Optional.of(addedAliases.get(i).roomId());
            }
        }
        return removedAliases.contains(alias) ? Optional.empty() : writer.rooms().roomOfAlias(alias);
    }

    /** Lists the room in the public room directory or removes it. */
    public void setPublished(String roomId, boolean listed) {
        published.put(roomId, listed);
    }

    /**
     * Replaces the stored target by its redacted form (the room version's redaction algorithm),
     * redacted by {@code redactionId}, an event of this batch.
     */
    public void redact(StoredEvent target, String redactionId) {
        RoomVersion version = version(target.roomId());
        ObjectNode redacted = version.redactor().redact(StoredEvents.json(target));
        redactions.add(new WriteBatch.Redaction(target.eventId(),
                new String(version.canonicalJson().encode(redacted), StandardCharsets.UTF_8), redactionId));
    }

    /** Whether there is anything to write. */
    boolean isEmpty() {
        return queued.isEmpty() && newRooms.isEmpty() && redactions.isEmpty() && removedAliases.isEmpty()
                && addedAliases.isEmpty() && published.isEmpty();
    }

    /** The writes of the batch for the store. */
    WriteBatch toWrite() {
        List<WriteBatch.Append> appends = new ArrayList<>();
        List<WriteBatch.Notifications> notifications = new ArrayList<>();
        Map<String, Boolean> started = new HashMap<>();
        for (Queued q : queued) {
            if (q.notifications() != null) {
                notifications.add(q.notifications());
            }
            if (q.received() != null) {
                appends.add(q.received());
                continue;
            }
            Pdu pdu = q.built().pdu();
            String stateKey = pdu.stateKey().orElse(null);
            boolean first = started.put(q.roomId(), true) == null;
            RoomHead head = pending(q.roomId()).head;
            long before = first ? head.stateGroup : WriteBatch.Append.AFTER_PREVIOUS;
            // The first event of a room with several extremities: its state before is the current
            // state, the resolution across them (RoomDag).
            Map<StateKey, String> resolved = first ? head.resolvedDelta : Map.of();
            Map<StateKey, String> delta = stateKey == null ? Map.of() : Map.of(new StateKey(pdu.type(), stateKey), pdu.eventId());
            appends.add(new WriteBatch.Append(q.roomId(), new NewEvent(pdu.eventId(), pdu.type(), stateKey, pdu.sender(),
                    pdu.depth(), pdu.originServerTs(), q.built().canonicalJson(), q.txn()), before, delta,
                    q.extremities(), new EventPlacement(pdu.prevEvents(), pdu.authEvents(),
                            EventPlacement.Status.ACCEPTED, null, resolved, null)));
        }
        return new WriteBatch(newRooms, appends, redactions, removedAliases, addedAliases, published, notifications);
    }

    /**
     * After the commit: the heads take the batch's state, extremities, depth and state groups; a
     * redacted event is dropped from its head, to be read again in its redacted form.
     *
     * @param appended what the store assigned each queued event, in order
     * @return the stored events, in order
     */
    List<Stored> committed(List<EventStore.Appended> appended) {
        Map<String, Long> lastGroup = new HashMap<>();
        List<Stored> stored = new ArrayList<>();
        for (int i = 0; i < queued.size(); i++) {
            Queued q = queued.get(i);
            lastGroup.put(q.roomId(), appended.get(i).stateGroup());
            boolean inRoom = q.received() == null
                    || q.received().placement().status() == EventPlacement.Status.ACCEPTED;
            stored.add(new Stored(q.roomId(), q.built().pdu(), appended.get(i).streamPosition(), inRoom,
                    q.notifications() != null, q.received() != null,
                    q.received() != null && q.received().placement().historic()));
        }
        for (Map.Entry<String, PendingRoom> entry : rooms.entrySet()) {
            PendingRoom room = entry.getValue();
            RoomHead head = room.head;
            if (!room.onTop) {
                writer.heads().forget(entry.getKey());
                continue;
            }
            redactions.forEach(r -> head.forget(r.eventId()));
            head.extremities = room.extremities;
            head.depth = room.depth;
            if (lastGroup.containsKey(entry.getKey())) {
                head.stateGroup = lastGroup.get(entry.getKey());
                head.resolvedDelta = Map.of();
            }
            room.state.forEach(head::put);
            head.membership = room.members;
            if (room.created) {
                writer.heads().put(head);
            }
        }
        return stored;
    }
}
