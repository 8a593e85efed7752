package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.core.internal.e2ee.EncryptionJson;
import org.hearth.core.internal.e2ee.EncryptionSync;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code to_device} and {@code e2ee}: the sections {@link EncryptionSync} writes for {@code /sync},
 * split into the two extensions.
 *
 * <ul>
 *   <li>{@code to_device}: {@code events} and {@code next_batch}; the request's {@code since}
 *       (else the connection's position) acknowledges what came before it.</li>
 *   <li>{@code e2ee}: {@code device_lists} ({@code changed}/{@code left}, not on a new connection),
 *       {@code device_one_time_keys_count}, {@code device_unused_fallback_key_types}.</li>
 * </ul>
 */
@Component(service = SlidingSyncExtension.class)
public class EncryptionExtension implements SlidingSyncExtension {
    static final String TO_DEVICE = "to_device";
    static final String E2EE = "e2ee";
    private static final String LISTS_POSITION = "device_lists";

    private final EncryptionSync encryption;

    @Activate
    public EncryptionExtension(@Reference EncryptionSync encryption) {
        this.encryption = encryption;
    }

    @Override
    public boolean addTo(ObjectNode extensions, Context context) {
        boolean toDevice = context.enabled(TO_DEVICE);
        boolean e2ee = context.enabled(E2EE);
        if (!toDevice && !e2ee) {
            return false;
        }
        EncryptionSync.Positions upTo = encryption.positions();
        long toDeviceSince = toDevice ? toDeviceSince(context) : 0;
        EncryptionSync.Positions since = null;
        long eventsSince = context.eventsSince();
        if (!context.newConnection()) {
            since = new EncryptionSync.Positions(toDeviceSince, context.position(LISTS_POSITION));
        } else if (toDeviceSince > 0) {
            // A new connection of a device that had messages before: no device-list changes yet.
            since = new EncryptionSync.Positions(toDeviceSince, upTo.deviceLists());
            eventsSince = context.eventsUpTo();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        EncryptionSync.Section result = encryption.section(context.user(), context.deviceId(),
                new EncryptionSync.Window(since, eventsSince, context.eventsUpTo(), upTo, null));
        EncryptionJson.write(body, result);
        boolean news = false;
        if (toDevice) {
            ObjectNode section = extensions.putObject(TO_DEVICE);
            section.put("next_batch", Long.toString(result.next().toDevice()));
            section.set("events", body.get("to_device").get("events"));
            context.positions().put(TO_DEVICE, result.next().toDevice());
            news = !section.get("events").isEmpty();
        }
        if (e2ee) {
            ObjectNode section = extensions.putObject(E2EE);
            for (String field : new String[] {"device_lists", "device_one_time_keys_count",
                    "device_unused_fallback_key_types"}) {
                if (body.has(field)) {
                    section.set(field, body.get(field));
                }
            }
            JsonNode lists = body.path("device_lists");
            news |= !lists.path("changed").isEmpty() || !lists.path("left").isEmpty();
            context.positions().put(LISTS_POSITION, result.next().deviceLists());
        }
        return news;
    }

    /** The request's {@code since}, a position this server handed out; else where the connection stands. */
    private static long toDeviceSince(Context context) {
        String since = context.config(TO_DEVICE).path("since").asText("");
        if (!since.isEmpty() && since.length() <= 18 && since.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(since);
        }
        return context.position(TO_DEVICE);
    }
}
