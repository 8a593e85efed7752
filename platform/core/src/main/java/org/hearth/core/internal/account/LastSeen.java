package org.hearth.core.internal.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.DeviceStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * When and from where each device was last seen ({@code last_seen_ts}, {@code last_seen_ip} of
 * "Device management"). A request notes its device here, at most once a minute per device, and
 * the notes are written in one batch every {@value #FLUSH_INTERVAL_MS} ms, off the requests' path:
 * a write per request queued every request behind the database's writers (a thousand long polls
 * woken at once each waited for their own commit). Reads of devices take the notes not written
 * yet ({@link #current}), so the endpoints show them at once.
 */
@Component(service = LastSeen.class)
public class LastSeen {
    private static final Logger LOG = LoggerFactory.getLogger(LastSeen.class);
    private static final long NOTE_INTERVAL_MS = 60_000;
    static final long FLUSH_INTERVAL_MS = 2_000;
    private static final int MAX_NOTED = 100_000;
    private static final int MAX_USER_AGENT = 512;

    private record Key(UserId user, String deviceId) {}

    private final DeviceStore devices;
    private final Cache<Key, Long> lastNoted = Caffeine.newBuilder().maximumSize(MAX_NOTED).executor(Runnable::run).build();
    private final Map<Key, DeviceStore.Seen> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("hearth-last-seen"));

    @Activate
    public LastSeen(@Reference DeviceStore devices) {
        this.devices = devices;
        writer.scheduleWithFixedDelay(this::write, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** What was not written yet is written before the component goes. */
    @Deactivate
    void stop() {
        writer.shutdownNow();
        write();
    }

    /**
     * A request of the device, at {@code now} from {@code ip}; {@code userAgent} gives its
     * User-Agent header (null when it sent none), asked only when the sighting is noted.
     */
    void note(UserId user, String deviceId, long now, String ip, Supplier<String> userAgent) {
        Key key = new Key(user, deviceId);
        Long last = lastNoted.getIfPresent(key);
        if (last == null || now - last >= NOTE_INTERVAL_MS) {
            lastNoted.put(key, now);
            pending.put(key, new DeviceStore.Seen(user, deviceId, now, ip, bounded(userAgent.get())));
        }
    }

    /** At most {@value #MAX_USER_AGENT} characters of a client's {@code User-Agent} are kept. */
    private static String bounded(String userAgent) {
        return userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
                : userAgent.substring(0, MAX_USER_AGENT);
    }

    /** The device as stored, with the last sighting not written yet. */
    public Device current(Device device) {
        DeviceStore.Seen seen = pending.get(new Key(device.userId(), device.deviceId()));
        return seen == null ? device
                : new Device(device.userId(), device.deviceId(), device.displayName(), seen.at(), seen.ip(),
                        seen.userAgent());
    }

    /** Writes the notes taken so far; a note taken meanwhile stays for the next time. */
    private void write() {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, DeviceStore.Seen>> batch = new ArrayList<>(pending.entrySet());
        try {
            devices.touch(batch.stream().map(Map.Entry::getValue).toList());
            batch.forEach(e -> pending.remove(e.getKey(), e.getValue()));
        } catch (RuntimeException e) { // kept for the next round: the store may be back by then
            LOG.warn("Could not record when {} devices were last seen: {}", batch.size(), e.toString());
        }
    }
}
