package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ToDeviceStore.Message;
import org.hearth.core.internal.util.Json;

/**
 * The encryption parts of a sync answer as JSON, the same in {@code /sync} and in sliding sync's
 * {@code to_device} and {@code e2ee} extensions: {@code to_device.events},
 * {@code device_one_time_keys_count}, {@code device_unused_fallback_key_types}, {@code device_lists}.
 */
public final class EncryptionJson {
    private EncryptionJson() {
    }

    public static void write(ObjectNode body, EncryptionSync.Section e2ee) {
        ArrayNode messages = body.putObject("to_device").putArray("events");
        for (Message m : e2ee.toDevice()) {
            ObjectNode event = messages.addObject();
            event.put("sender", m.sender().toString());
            event.put("type", m.type());
            event.set("content", Json.stored(m.contentJson()));
        }
        if (e2ee.oneTimeKeyCounts() != null) {
            ObjectNode counts = body.putObject("device_one_time_keys_count");
            e2ee.oneTimeKeyCounts().forEach(counts::put);
            ArrayNode fallback = body.putArray("device_unused_fallback_key_types");
            e2ee.unusedFallbackKeyTypes().forEach(fallback::add);
        }
        // Both lists are optional: an empty one is left out, and so is device_lists when both are
        // (a client reading "changed" without it waits for the next sync instead of taking an empty list for news).
        if (e2ee.deviceLists() != null && !e2ee.deviceLists().isEmpty()) {
            ObjectNode lists = body.putObject("device_lists");
            if (!e2ee.deviceLists().changed().isEmpty()) {
                ArrayNode changed = lists.putArray("changed");
                e2ee.deviceLists().changed().forEach(u -> changed.add(u.toString()));
            }
            if (!e2ee.deviceLists().left().isEmpty()) {
                ArrayNode left = lists.putArray("left");
                e2ee.deviceLists().left().forEach((UserId u) -> left.add(u.toString()));
            }
        }
    }
}
