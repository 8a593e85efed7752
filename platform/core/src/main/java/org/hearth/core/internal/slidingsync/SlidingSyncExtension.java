package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.UserId;

/**
 * Extensions of sliding sync (MSC4186 "Extensions"): sections of {@code extensions} in the
 * answer, each asked for by the key of the same name in the request's {@code extensions} with
 * {@code "enabled": true}. Core's are {@code to_device}, {@code e2ee}, {@code account_data} and
 * {@code typing} and {@code receipts}, each a component of this service type, picked up by
 * {@link SlidingSyncService}.
 */
public interface SlidingSyncExtension {

    /**
     * Adds the sections the client enabled to {@code extensions}; returns whether they hold news
     * (an answer with news is sent without waiting).
     */
    boolean addTo(ObjectNode extensions, Context context);

    /**
     * What an extension sees of the request.
     *
     * @param configs      the request's {@code extensions} (sticky: as last sent by the client)
     * @param newConnection whether this is the first answer on the connection
     * @param eventsSince  the event position the connection has seen (0: new)
     * @param eventsUpTo   the event position this answer reads up to
     * @param rooms        the rooms the lists and subscriptions match
     * @param initialRooms among them, those sent in full in this answer
     * @param positions    the connection's stream positions: read the previous ones, put the next
     */
    record Context(UserId user, String deviceId, JsonNode configs, boolean newConnection, long eventsSince,
                   long eventsUpTo, Collection<String> rooms, Set<String> initialRooms, Map<String, Long> positions) {

        /** Whether the client enabled the extension of that key. */
        public boolean enabled(String key) {
            return configs.path(key).path("enabled").asBoolean(false);
        }

        public JsonNode config(String key) {
            return configs.path(key);
        }

        long position(String key) {
            return positions.getOrDefault(key, 0L);
        }
    }
}
