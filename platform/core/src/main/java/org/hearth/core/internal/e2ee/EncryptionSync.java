package org.hearth.core.internal.e2ee;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OneTimeKeyStore;
import org.hearth.api.spi.storage.ToDeviceStore.Message;
import org.hearth.api.spi.storage.ToDeviceStore;
import org.hearth.core.internal.rooms.SharedRooms;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The encryption parts of a {@code /sync} answer ("Extensions to /sync" of "End-to-End
 * Encryption" and of "Send-to-Device messaging").
 *
 * <ul>
 *   <li>{@code to_device}: the device's waiting messages after the token's {@code d} position,
 *       oldest first, at most {@value Limits#TO_DEVICE_PER_SYNC}; {@code next_batch} then points
 *       after the last one given, so the rest come next time. A sync from a token acknowledges
 *       the messages up to its position: they are deleted only then, so a lost answer loses
 *       nothing.</li>
 *   <li>{@code device_lists}: on incremental syncs only (see {@link DeviceLists}).</li>
 *   <li>{@code device_one_time_keys_count} and {@code device_unused_fallback_key_types}: always.</li>
 * </ul>
 */
@Component(service = EncryptionSync.class)
public class EncryptionSync {
    private final ToDeviceStore toDevice;
    private final OneTimeKeyStore oneTimeKeys;
    private final DeviceLists deviceLists;
    private final KeyUploads uploads;
    /**
     * The position each device last acknowledged: a woken long poll repeats its token's, and
     * messages at or below it were deleted the first time (positions commit in order).
     */
    private final Cache<Device, Long> acknowledged = Caffeine.newBuilder().maximumSize(100_000).build();

    private record Device(UserId user, String deviceId) {}

    /** Where the to-device and device-list streams stand. */
    public record Positions(long toDevice, long deviceLists) {}

    /**
     * The encryption parts of one sync: the device's to-device messages, its one-time key counts
     * and unused fallback key types (both null without a device), the device-list changes (null
     * in an initial sync); whether any of it is news, and the positions for {@code next_batch}.
     */
    public record Section(List<Message> toDevice, Map<String, Integer> oneTimeKeyCounts,
                          List<String> unusedFallbackKeyTypes, DeviceLists.Changes deviceLists, boolean news,
                          Positions next) {}

    /**
     * A sync's window: the token it starts from (null for an initial sync) and where the streams
     * stood when it began; {@code sharing}, who came to share a room or left between the event
     * positions when the caller has it already, else null (then read here).
     */
    public record Window(Positions since, long eventsSince, long eventsUpTo, Positions upTo,
                         SharedRooms.Changes sharing) {}

    @Activate
    public EncryptionSync(@Reference ToDeviceStore toDevice, @Reference OneTimeKeyStore oneTimeKeys,
                          @Reference DeviceLists deviceLists, @Reference KeyUploads uploads) {
        this.toDevice = toDevice;
        this.oneTimeKeys = oneTimeKeys;
        this.deviceLists = deviceLists;
        this.uploads = uploads;
    }

    /** Read before anything else of the sync, so that nothing below these positions is missed. */
    public Positions positions() {
        return new Positions(toDevice.currentPosition(), deviceLists.currentPosition());
    }

    /** The section of the user's device ({@code deviceId} null: no device). */
    public Section section(UserId user, String deviceId, Window window) {
        boolean incremental = window.since() != null;
        long toDeviceSince = incremental ? window.since().toDevice() : 0;
        long toDeviceNext = Math.max(window.upTo().toDevice(), toDeviceSince);
        List<Message> messages = List.of();
        Map<String, Integer> counts = null;
        List<String> fallback = null;
        if (deviceId != null) {
            Device device = new Device(user, deviceId);
            if (incremental && !Long.valueOf(toDeviceSince).equals(acknowledged.getIfPresent(device))) {
                toDevice.acknowledge(user, deviceId, toDeviceSince);
                acknowledged.put(device, toDeviceSince);
            }
            if (window.upTo().toDevice() > toDeviceSince) { // else the stream holds nothing new for anyone
                messages = toDevice.pending(user, deviceId, toDeviceSince, window.upTo().toDevice(),
                        Limits.TO_DEVICE_PER_SYNC);
            }
            if (messages.size() == Limits.TO_DEVICE_PER_SYNC) {
                toDeviceNext = messages.get(messages.size() - 1).position();
            }
            counts = uploads.counts(user, deviceId);
            fallback = List.copyOf(oneTimeKeys.unusedFallbackKeyAlgorithms(user, deviceId));
        }
        boolean news = !messages.isEmpty();
        long listsNext = Math.max(window.upTo().deviceLists(), incremental ? window.since().deviceLists() : 0);
        DeviceLists.Changes changes = null;
        if (incremental) {
            changes = window.sharing() != null
                    ? deviceLists.changes(user, window.sharing(), window.since().deviceLists(),
                            window.upTo().deviceLists())
                    : deviceLists.changes(user, window.eventsSince(), window.eventsUpTo(),
                            window.since().deviceLists(), window.upTo().deviceLists());
            news |= !changes.isEmpty();
        }
        return new Section(messages, counts, fallback, changes, news, new Positions(toDeviceNext, listsNext));
    }
}
