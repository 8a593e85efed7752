package org.hearth.core.internal.rooms;

import java.util.List;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.config.ConfigException;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.NameTakenException;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StoredEvent;
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
 *   <li>Store the batch with the state after each event in one transaction; only then is anything
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
    private final EventBuilder builder;
    private final RoomLocks locks;
    private final RoomHeads heads;
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
                      RoomsConfig config) {
        this.events = events;
        this.locks = locks;
        this.rooms = rooms;
        this.server = server;
        this.policies = policies;
        this.streams = streams;
        this.notifier = notifier;
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
     * already, the work runs again (its create event gets a new timestamp, so another ID).
     *
     * @param roomId the room to lock, or null
     * @throws MatrixException the work's refusal; 404 for an unknown room; 409 {@code M_ROOM_IN_USE}
     *                         for an alias the batch adds that is taken
     */
    public <T> T write(String roomId, BatchWork<T> work) throws MatrixException {
        for (int attempt = 1; ; attempt++) {
            RoomBatch batch = new RoomBatch(this);
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
        List<RoomBatch.Stored> stored = batch.committed(events.write(batch.toWrite()));
        long last = 0;
        List<CommitListener> listeners = commitListeners == null ? List.of() : commitListeners;
        for (RoomBatch.Stored event : stored) {
            for (CommitListener listener : listeners) {
                listener.committed(event.roomId(), event.pdu(), event.streamPosition(), batch.powerLevels(event.roomId()));
            }
        }
        for (RoomBatch.Stored event : stored) {
            if (!event.inRoom()) {
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

    EventPolicies policies() {
        return policies;
    }

    LocalServer server() {
        return server;
    }
}
