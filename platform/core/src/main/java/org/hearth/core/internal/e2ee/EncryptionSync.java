package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OneTimeKeyStore;
import org.hearth.api.spi.storage.ToDeviceStore;
import org.hearth.api.spi.storage.ToDeviceStore.Message;
import org.hearth.core.internal.util.Json;
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

    /** Where the to-device and device-list streams stand. */
    public record Positions(long toDevice, long deviceLists) {}

    /** What the section added: whether it is news, and the positions for {@code next_batch}. */
    public record Result(boolean news, Positions next) {}

    /** A sync's window: the token it starts from (null for an initial sync) and where the streams stood when it began. */
    public record Window(Positions since, long eventsSince, long eventsUpTo, Positions upTo) {}

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

    /** Adds the sections to the sync body of the user's device ({@code deviceId} null: no device). */
    public Result addTo(ObjectNode body, UserId user, String deviceId, Window window) {
        boolean incremental = window.since() != null;
        long toDeviceSince = incremental ? window.since().toDevice() : 0;
        long toDeviceNext = Math.max(window.upTo().toDevice(), toDeviceSince);
        ArrayNode messages = body.putObject("to_device").putArray("events");
        if (deviceId != null) {
            if (incremental) {
                toDevice.acknowledge(user, deviceId, toDeviceSince);
            }
            List<Message> pending = toDevice.pending(user, deviceId, toDeviceSince, window.upTo().toDevice(),
                    Limits.TO_DEVICE_PER_SYNC);
            for (Message m : pending) {
                ObjectNode event = messages.addObject();
                event.put("sender", m.sender().toString());
                event.put("type", m.type());
                event.set("content", Json.stored(m.contentJson()));
            }
            if (pending.size() == Limits.TO_DEVICE_PER_SYNC) {
                toDeviceNext = pending.get(pending.size() - 1).position();
            }
            ObjectNode counts = body.putObject("device_one_time_keys_count");
            uploads.counts(user, deviceId).forEach(counts::put);
            ArrayNode fallback = body.putArray("device_unused_fallback_key_types");
            oneTimeKeys.unusedFallbackKeyAlgorithms(user, deviceId).forEach(fallback::add);
        }
        boolean news = !messages.isEmpty();
        long listsNext = Math.max(window.upTo().deviceLists(), incremental ? window.since().deviceLists() : 0);
        if (incremental) {
            DeviceLists.Changes changes = deviceLists.changes(user, window.eventsSince(), window.eventsUpTo(),
                    window.since().deviceLists(), window.upTo().deviceLists());
            ObjectNode lists = body.putObject("device_lists");
            ArrayNode changed = lists.putArray("changed");
            changes.changed().forEach(u -> changed.add(u.toString()));
            ArrayNode left = lists.putArray("left");
            changes.left().forEach(u -> left.add(u.toString()));
            news |= !changes.isEmpty();
        }
        return new Result(news, new Positions(toDeviceNext, listsNext));
    }
}
