package org.hearth.core.internal.peeking;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.MatrixException;
import org.osgi.service.component.annotations.Component;

/**
 * The rooms each device peeks into through {@code /sync} (MSC2753, not in the specification:
 * {@code POST /peek/{roomIdOrAlias}}), each by the stream position of the sync that first brought
 * it (whole): a sync from a token before that brings it whole again, one after it what is new.
 * Kept in memory only: a peek is a view a client asked for in passing, which it asks for again
 * after a restart of the server (as it does after its own).
 */
@Component(service = Peeks.class)
public class Peeks {
    /** Peeking is cheap for the client and costs every sync of the device: a few rooms at once. */
    static final int MAX_PER_DEVICE = 50;
    private final Map<String, Map<String, Long>> byDevice = new ConcurrentHashMap<>();

    /** Not sent yet: any token predates it. */
    private static final long NOT_SENT = Long.MAX_VALUE;

    /** The device peeks into the room; 400 beyond {@link #MAX_PER_DEVICE} rooms. */
    public void peek(String userId, String deviceId, String roomId) throws MatrixException {
        Map<String, Long> rooms = byDevice.computeIfAbsent(key(userId, deviceId), k -> new ConcurrentHashMap<>());
        if (!rooms.containsKey(roomId) && rooms.size() >= MAX_PER_DEVICE) {
            throw MatrixException.invalidParam("A device peeks into at most " + MAX_PER_DEVICE + " rooms");
        }
        rooms.putIfAbsent(roomId, NOT_SENT);
    }

    /** A sync up to the position brought the room whole. */
    public void sent(String userId, String deviceId, String roomId, long position) {
        Map<String, Long> rooms = byDevice.get(key(userId, deviceId));
        if (rooms != null) {
            rooms.computeIfPresent(roomId, (r, was) -> Math.min(was, position));
        }
    }

    public void unpeek(String userId, String deviceId, String roomId) {
        Map<String, Long> rooms = byDevice.get(key(userId, deviceId));
        if (rooms != null) {
            rooms.remove(roomId);
        }
    }

    /** The device's peeked rooms, each by the position of the sync that first brought it. */
    public Map<String, Long> of(String userId, String deviceId) {
        Map<String, Long> rooms = byDevice.get(key(userId, deviceId));
        return rooms == null ? Map.of() : new LinkedHashMap<>(rooms);
    }

    private static String key(String userId, String deviceId) {
        return userId + "\u0000" + deviceId;
    }
}
