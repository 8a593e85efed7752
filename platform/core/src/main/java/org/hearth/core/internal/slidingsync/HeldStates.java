package org.hearth.core.internal.slidingsync;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hearth.core.internal.rooms.Notifier;

/**
 * The connection states last saved or read, kept in memory so that a request neither reads nor
 * parses its connection's state ({@code SlidingSyncStore} keeps the durable copy, which a
 * restarted server or an evicted connection reads). Holds for each connection the states of the
 * {@code pos} the store keeps ({@link #saved}: the one continued from and the new one), never
 * one the store dropped, so a {@code pos} unknown to the store is unknown here.
 *
 * <p>Each connection's latest look at the user's rooms is held too ({@link #looked}).
 *
 * <p>Bounded by the rooms the held states and looks list, {@code maxRooms} in all; the devices
 * used least lately go first. A held state is never changed: a request works on a
 * {@link ConnectionState#copy}. A look is only moved on into a new one.
 */
final class HeldStates {
    /** A user's device. */
    private record Device(String user, String device) {}

    /** A state as saved under a {@code pos}, and when. */
    record Held(ConnectionState state, long savedAt) {}

    /**
     * What a request on the connection continuing from the saved {@code pos} read of the user's
     * rooms, when {@link Notifier#namings} of the user was {@code namings}.
     */
    record Looked(long pos, long namings, SlidingSyncService.Look look) {
        int rooms() {
            return look.list().rooms.size();
        }
    }

    /**
     * The device's held states by connection and {@code pos}, its connections' latest looks, and
     * the rooms they list: never changed, replaced.
     */
    private record Connections(Map<String, Map<Long, Held>> byConn, Map<String, Looked> looks, int rooms) {
        Connections with(String connId, Map<Long, Held> byPos) {
            Map<String, Map<Long, Held>> out = new HashMap<>(byConn);
            out.put(connId, Map.copyOf(byPos));
            return weighed(out, looks);
        }

        Connections with(String connId, Looked look) {
            Map<String, Looked> out = new HashMap<>(looks);
            out.put(connId, look);
            return weighed(byConn, out);
        }

        private static Connections weighed(Map<String, Map<Long, Held>> byConn, Map<String, Looked> looks) {
            int rooms = 0;
            for (Map<Long, Held> states : byConn.values()) {
                for (Held h : states.values()) {
                    rooms += h.state().rooms.size();
                }
            }
            for (Looked look : looks.values()) {
                rooms += look.rooms();
            }
            return new Connections(Map.copyOf(byConn), Map.copyOf(looks), rooms);
        }
    }

    private static final Connections NONE = new Connections(Map.of(), Map.of(), 0);

    private final Cache<Device, Connections> devices;

    HeldStates(long maxRooms) {
        devices = Caffeine.newBuilder().maximumWeight(maxRooms)
                .weigher((Device d, Connections c) -> c.rooms() + 1).executor(Runnable::run).build();
    }

    /** The state saved under {@code pos}, if held. */
    Optional<Held> get(String user, String device, String connId, long pos) {
        Connections held = devices.getIfPresent(new Device(user, device));
        return held == null ? Optional.empty()
                : Optional.ofNullable(held.byConn().getOrDefault(connId, Map.of()).get(pos));
    }

    /**
     * The store saved {@code state} under {@code pos} and dropped the connection's states below
     * {@code keepFrom}: the same here.
     */
    void saved(String user, String device, String connId, long pos, ConnectionState state, long savedAt,
               long keepFrom) {
        devices.asMap().compute(new Device(user, device), (k, before) -> {
            Connections held = before == null ? NONE : before;
            Map<Long, Held> byPos = new HashMap<>(held.byConn().getOrDefault(connId, Map.of()));
            byPos.keySet().removeIf(p -> p < keepFrom);
            byPos.put(pos, new Held(state, savedAt));
            return held.with(connId, byPos);
        });
    }

    /**
     * A state the store answered for {@code pos}: held beside the connection's others, unless the
     * connection moved on past it meanwhile (the store may have dropped it since).
     */
    void read(String user, String device, String connId, long pos, ConnectionState state, long savedAt) {
        devices.asMap().compute(new Device(user, device), (k, before) -> {
            Connections held = before == null ? NONE : before;
            Map<Long, Held> byPos = new HashMap<>(held.byConn().getOrDefault(connId, Map.of()));
            if (byPos.keySet().stream().anyMatch(p -> p > pos)) {
                return before;
            }
            byPos.put(pos, new Held(state, savedAt));
            return held.with(connId, byPos);
        });
    }

    /** The connection's latest look ({@link #looked}), if held. */
    Optional<Looked> look(String user, String device, String connId) {
        Connections held = devices.getIfPresent(new Device(user, device));
        return held == null ? Optional.empty() : Optional.ofNullable(held.looks().get(connId));
    }

    /** Holds the connection's latest look, in place of the one before. */
    void looked(String user, String device, String connId, Looked look) {
        devices.asMap().compute(new Device(user, device), (k, before) -> (before == null ? NONE : before)
                .with(connId, look));
    }

    /**
     * The store started a connection of the device over, dropping its states and perhaps the
     * device's other connections' ({@code SlidingSyncStore#startConnection}): none of the device's
     * is held any more.
     */
    void dropDevice(String user, String device) {
        devices.invalidate(new Device(user, device));
    }
}
