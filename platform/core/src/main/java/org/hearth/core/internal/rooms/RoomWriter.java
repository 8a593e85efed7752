package org.hearth.core.internal.rooms;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.config.ConfigException;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.NameTakenException;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.rooms.auth.PowerLevels;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.server.ServerSigningKey;
import org.hearth.core.internal.streams.EventStreams;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Appends events created by local users to rooms: the path of every message (ARCHITECTURE,
 * "How a message travels").
 *
 * <ol>
 *   <li>Under the room's lock, in a {@link RoomBatch}: build each PDU (prev_events = the forward
 *       extremities, depth, auth_events chosen from the current state, hashes, signature, event
 *       ID), check it against the room version's authorization rules (403 {@code M_FORBIDDEN})
 *       and ask every {@code EventPolicy} (the first refusal is the answer).</li>
 *   <li>Store the batch with the state after each event and the push notifications of each local
 *       event ({@link EventNotifications}) in one transaction; only then is anything
 *       acknowledged.</li>
 *   <li>Wake waiting syncs and the durable event streams.</li>
 * </ol>
 *
 * <p>Each room's {@link RoomHead} is kept between events in a bounded cache
 * ({@code rooms.cached_rooms}, default {@value #DEFAULT_CACHED_ROOMS}); a head is read and changed
 * only under its room's lock, so one evicted while in use is simply read again by the next writer.
 */
@Component(service = RoomWriter.class, configurationPid = "hearth.rooms",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RoomsConfig.class)
public class RoomWriter {
    static final int DEFAULT_CACHED_ROOMS = 5_000;
    /** A new room whose ID is taken (two servers' create events alike) is built again this often. */
    private static final int CREATE_ATTEMPTS = 3;

    private final EventStore events;
    private final RoomStore rooms;
    private final LocalServer server;
    private final EventPolicies policies;
    private final EventStreams streams;
    private final Notifier notifier;
    private final EventNotifications notifications;
    private final EventBuilder builder;
    private final RoomLocks locks;
    private final RoomHeads heads;
    private final RecentEvents recent;
    private final BumpStamps bumps;
    private final StateBreaks breaks;
    private final RoomVersion defaultVersion;
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<CommitListener> commitListeners;

    @Activate
    public RoomWriter(@Reference EventStore events, @Reference RoomStore rooms, @Reference LocalServer server,
                      @Reference ServerSigningKey signingKey, @Reference EventPolicies policies,
                      @Reference EventStreams streams, @Reference Notifier notifier, @Reference RoomLocks locks,
                      @Reference EventNotifications notifications, @Reference RecentEvents recent,
                      @Reference BumpStamps bumps, @Reference StateBreaks breaks, RoomsConfig config) {
        this.events = events;
        this.locks = locks;
        this.rooms = rooms;
        this.server = server;
        this.policies = policies;
        this.streams = streams;
        this.notifier = notifier;
        this.notifications = notifications;
        this.recent = recent;
        this.bumps = bumps;
        this.breaks = breaks;
        this.builder = new EventBuilder(server, signingKey, this::now);
        this.heads = new RoomHeads(config.cached__rooms());
        this.defaultVersion = RoomVersions.byId(config.default__room__version()).orElseThrow(() ->
                new ConfigException("rooms.default_room_version: unknown room version " + config.default__room__version()));
    }

    /** Work done in a batch; what it adds is written when it returns. */
    @FunctionalInterface
    public interface BatchWork<T> {
        T run(RoomBatch batch) throws MatrixException;
    }

    /**
     * Runs the work in a batch holding the room's lock (no room: for work that only creates
     * rooms), then writes everything it added in one transaction. A refusal or failure in the
     * work or the write leaves nothing behind. When a room the batch creates turns out to exist
     * already, the work runs again (its create event gets a new timestamp, so another ID); so it
     * does when an event's client transaction turns out to be taken (see {@link RoomBatch#send}).
     *
     * @param roomId the room to lock, or null
     * @throws MatrixException the work's refusal; 404 for an unknown room; 409 {@code M_ROOM_IN_USE}
     *                         for an alias the batch adds that is taken
     */
    public <T> T write(String roomId, BatchWork<T> work) throws MatrixException {
        boolean transactionTaken = false;
        for (int attempt = 1; ; attempt++) {
            RoomBatch batch = new RoomBatch(this, transactionTaken);
            try {
                if (roomId != null) {
                    batch.open(roomId);
                }
                T result = work.run(batch);
                commit(batch);
                return result;
            } catch (NameTakenException e) {
                if (e.kind() == NameTakenException.Kind.ALIAS) {
                    throw new MatrixException(409, "M_ROOM_IN_USE", "Room alias " + e.name() + " is already in use");
                }
                if (e.kind() == NameTakenException.Kind.TRANSACTION) {
                    if (transactionTaken) { // the earlier event was looked for and not found
                        throw new IllegalStateException("client transaction " + e.name() + " taken by no event");
                    }
                    transactionTaken = true; // the next attempt answers the event sent in it
                    continue;
                }
                if (attempt == CREATE_ATTEMPTS) {
                    throw new MatrixException(409, "M_ROOM_IN_USE", "Room ID " + e.name() + " is already in use");
                }
            } finally {
                batch.close();
            }
        }
    }

    /**
     * Sends a local user's event, see {@link RoomBatch#send}: a retried transaction and state
     * identical to the current state answer the earlier event.
     *
     * @return the event ID
     */
    public String send(NewRoomEvent event) throws MatrixException {
        return write(event.roomId(), batch -> batch.send(event));
    }

    private void commit(RoomBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        WriteBatch write = batch.toWrite();
        Set<String> resolved = resolvedMembers(write);
        Set<String> named = new HashSet<>(resolved);
        write.events().stream().map(WriteBatch.Append::event)
                .filter(e -> "m.room.member".equals(e.type()) && e.stateKey() != null)
                .forEach(e -> named.add(e.stateKey()));
        // Named from before the commit until announced: see Notifier#naming.
        try (WritesUnderWay.Begun naming = notifier.naming(named)) {
            commit(batch, write, resolved);
        }
    }

    /**
     * The users whose current membership a received event's state resolution set (a state reset
     * can change members other than the one it names): each of them counts as named.
     */
    private static Set<String> resolvedMembers(WriteBatch write) {
        Set<String> users = new HashSet<>();
        for (WriteBatch.Append append : write.events()) {
            Map<StateKey, String> current = append.placement().currentState();
            if (current != null) {
                current.keySet().stream().filter(k -> "m.room.member".equals(k.type()))
                        .forEach(k -> users.add(k.stateKey()));
            }
        }
        return users;
    }

    private void commit(RoomBatch batch, WriteBatch write, Set<String> resolvedMembers) {
        List<String> written = write.events().stream().map(WriteBatch.Append::roomId).distinct().toList();
        List<RoomBatch.Stored> stored;
        recent.writing(written);
        try {
            stored = batch.committed(events.write(write));
            remember(write, stored);
        } catch (NameTakenException e) {
            throw e; // the store wrote nothing
        } catch (RuntimeException e) {
            recent.failed(written); // the store may have committed before it failed
            bumps.failed(written);
            throw e;
        } finally {
            recent.written(written);
        }
        long last = 0;
        List<CommitListener> listeners = commitListeners == null ? List.of() : commitListeners;
        for (RoomBatch.Stored event : stored) {
            if (event.historic()) {
                continue; // backfilled history: nobody is notified of it, no consumer streams it
            }
            PowerLevels powerLevels = batch.powerLevels(event.roomId());
            // A rejected, soft-failed or outlier event is never relayed to clients (Server-Server
            // API, "Rejection", "Soft failure"): it notifies nobody either.
            if (!event.notified() && event.inRoom()) {
                notifications.committed(event.roomId(), event.pdu(), event.streamPosition(), powerLevels);
            }
            for (CommitListener listener : listeners) {
                listener.committed(event.roomId(), event.pdu(), event.streamPosition(), powerLevels);
            }
        }
        membershipsChanged(resolvedMembers);
        for (RoomBatch.Stored event : stored) {
            if (!event.inRoom() || event.historic()) {
                continue;
            }
            String memberTarget = "m.room.member".equals(event.pdu().type()) ? event.pdu().stateKey().orElse(null) : null;
            notifier.eventStored(event.roomId(), memberTarget);
            last = Math.max(last, event.streamPosition());
        }
        if (last > 0) {
            streams.stored(last);
        }
    }

    /**
     * These users' current memberships changed without an event naming them: what was read of
     * their memberships ({@link UserMemberships}, sliding sync's room lists) is read again.
     */
    void membershipsChanged(Collection<String> userIds) {
        userIds.forEach(notifier::userChanged);
    }

    /**
     * Keeps the batch's events in {@link RecentEvents}, or drops the rooms it cannot follow
     * exactly, and logs where every one was stored; counts those in the rooms in {@link BumpStamps}.
     */
    private void remember(WriteBatch write, List<RoomBatch.Stored> stored) {
        Set<String> forgotten = new HashSet<>();
        for (int i = 0; i < stored.size(); i++) {
            RoomBatch.Stored s = stored.get(i);
            if (!s.historic()) {
                recent.logged(s.roomId(), s.streamPosition()); // rejected too: a later recheck may accept it
            }
            if (StateBreaks.breaks(write.events().get(i))) {
                breaks.broke(s.roomId(), s.streamPosition());
            }
            if (s.inRoom() && !s.historic()) {
                bumps.stored(s.roomId(), s.pdu().type(), s.streamPosition());
            }
            if (s.received() || !write.redactions().isEmpty()) {
                forgotten.add(s.roomId());
            }
        }
        forgotten.forEach(recent::forget);
        for (int i = 0; i < stored.size(); i++) {
            RoomBatch.Stored s = stored.get(i);
            if (!forgotten.contains(s.roomId())) {
                NewEvent e = write.events().get(i).event();
                recent.stored(new StoredEvent(s.streamPosition(), e.eventId(), s.roomId(), e.depth(), e.type(),
                        e.stateKey(), e.sender(), e.originServerTs(), e.json(), null));
            }
        }
    }

    /** The room's version; 400 {@code M_INVALID_PARAM} for a malformed room ID, 404 {@code M_NOT_FOUND} for an unknown room. */
    public RoomVersion versionOf(String roomId) throws MatrixException {
        RoomAccess.checkRoomId(roomId);
        Room room = rooms.room(roomId).orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        return RoomVersions.byId(room.version())
                .orElseThrow(() -> new MatrixException(400, "M_UNSUPPORTED_ROOM_VERSION", "Unsupported room version"));
    }

    /** The room's current power levels, as the authorization rules read them. */
    public PowerLevels powerLevels(String roomId) throws MatrixException {
        return write(roomId, batch -> batch.powerLevels(roomId));
    }

    /** The version of rooms created without one ({@code rooms.default_room_version}). */
    public RoomVersion defaultVersion() {
        return defaultVersion;
    }

    /** Drops the room's head (its state changed behind it): read again from storage when next needed; only under the room's lock. */
    void forgetHead(String roomId) {
        heads.forget(roomId);
    }

    /** The room's head, from the cache or storage; only under the room's lock. */
    RoomHead head(String roomId) throws MatrixException {
        RoomHead head = heads.cached(roomId);
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
        head = new RoomHead(roomId, version, extremities, depth, group, false);
        if (extremities.size() > 1) {
            head.resolvedDelta = RoomDag.missingFrom(events.currentState(roomId), events.state(group));
        }
        heads.put(head);
        return head;
    }

    /** The time for new events and rooms, from the {@link Clock} service. */
    long now() {
        return clock.millis();
    }

    RoomLocks locks() {
        return locks;
    }

    RoomHeads heads() {
        return heads;
    }

    EventStore events() {
        return events;
    }

    RoomStore rooms() {
        return rooms;
    }

    EventBuilder builder() {
        return builder;
    }

    EventNotifications notifications() {
        return notifications;
    }

    EventPolicies policies() {
        return policies;
    }

    LocalServer server() {
        return server;
    }
}
