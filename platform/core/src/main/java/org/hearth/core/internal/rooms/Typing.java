package org.hearth.core.internal.rooms;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.hearth.core.internal.util.DaemonThreads;

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
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    private final ScheduledExecutorService expiry =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hearth-typing"));

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
            long period = Math.max(0, Math.min(timeoutMs, MAX_TIMEOUT_MS));
            long until = clock.millis() + period;
            users.put(userId, until);
            expiry.schedule(() -> {
                if (users.remove(userId, until)) {
                    changed(roomId);
                }
            }, period, TimeUnit.MILLISECONDS);
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
        if (users == null) {
            return List.of();
        }
        // The timer removes a typer in real time; a clock moved on (tests) ends typing at once.
        long now = clock.millis();
        return users.entrySet().stream().filter(e -> e.getValue() > now).map(Map.Entry::getKey).sorted().toList();
    }
}
