package org.hearth.core.internal.rooms;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Who is typing in which room (Client-Server API, "Typing Notifications"): kept in memory only,
 * as typing lasts seconds. Every change, including a timeout running out, gets a new serial from
 * a counter that starts at the current time, so serials given out before a restart stay below
 * those given out after it; a change wakes the room's waiting syncs.
 */
@Component(service = Typing.class)
public class Typing {
    /** Longest typing period a client may ask for. */
    static final long MAX_TIMEOUT_MS = 120_000;

    private final Notifier notifier;
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());
    private final Map<String, Map<String, Long>> typing = new ConcurrentHashMap<>();
    private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-typing");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public Typing(@Reference Notifier notifier) {
        this.notifier = notifier;
    }

    @Deactivate
    void stop() {
        expiry.shutdownNow();
    }

    /** The user starts typing for up to {@code timeoutMs}, or stops. */
    public void set(String roomId, String userId, boolean isTyping, long timeoutMs) {
        Map<String, Long> users = typing.computeIfAbsent(roomId, r -> new ConcurrentHashMap<>());
        if (isTyping) {
            long until = System.currentTimeMillis() + Math.max(0, Math.min(timeoutMs, MAX_TIMEOUT_MS));
            users.put(userId, until);
            expiry.schedule(() -> {
                if (users.remove(userId, until)) {
                    changed(roomId);
                }
            }, until - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        } else if (users.remove(userId) == null) {
            return; // was not typing: nothing changed
        }
        changed(roomId);
    }

    private void changed(String roomId) {
        changedAt.put(roomId, serial.incrementAndGet());
        notifier.roomChanged(roomId);
    }

    /** The serial of the latest change anywhere. */
    public long current() {
        return serial.get();
    }

    /** Whether the room's typing changed after the serial. */
    public boolean changedSince(String roomId, long since) {
        Long at = changedAt.get(roomId);
        return at != null && at > since;
    }

    /** Who is typing in the room now. */
    public List<String> typers(String roomId) {
        Map<String, Long> users = typing.get(roomId);
        return users == null ? List.of() : users.keySet().stream().sorted().toList();
    }
}
