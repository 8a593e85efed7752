package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;

/** How a room version forms event IDs (each room version's "Event IDs" section). */
public enum EventIdFormat {
    /**
     * Room versions 1 and 2 ("v1-event-ids"): {@code $opaque_id:domain}, chosen by the server
     * that created the event and carried in its {@code event_id}.
     */
    EMBEDDED,
    /** Room version 3: {@code $} and the reference hash in unpadded standard Base64. */
    REFERENCE_HASH,
    /** Room versions 4 and later ("v4-event-ids"): the same in URL-safe unpadded Base64. */
    URL_SAFE_REFERENCE_HASH;

    String eventId(RoomVersion version, ObjectNode event) {
        return eventId(event, () -> ReferenceHash.compute(version, event));
    }

    /** The ID, given the event's reference hash when it is known already (asked for only if the format needs it). */
    String eventId(ObjectNode event, Supplier<byte[]> referenceHash) {
        return switch (this) {
            case EMBEDDED -> JsonObjects.requiredText(event, "event_id");
            case REFERENCE_HASH -> "$" + UnpaddedBase64.encode(referenceHash.get());
            case URL_SAFE_REFERENCE_HASH -> "$" + UnpaddedBase64.encodeUrlSafe(referenceHash.get());
        };
    }
}
