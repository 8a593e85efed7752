package org.hearth.core.internal.relations;

import com.fasterxml.jackson.databind.JsonNode;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.util.Json;

/** Client-Server API, "Validity of replacement events". */
final class Replacements {
    private static final String ENCRYPTED = "m.room.encrypted";

    private Replacements() {
    }

    /** The {@code rel_type} of the event's {@code m.relates_to}, or null. */
    static String relType(StoredEvent event) {
        JsonNode relType = content(event).path("m.relates_to").path("rel_type");
        return relType.isTextual() ? relType.asText() : null;
    }

    /**
     * Whether {@code edit} may replace {@code original}: same room, sender and type, neither a
     * state event, the original not an edit itself, and {@code m.new_content} in the edit (inside
     * the ciphertext of an encrypted edit, where the server cannot look).
     */
    static boolean valid(StoredEvent original, StoredEvent edit) {
        return original.roomId().equals(edit.roomId()) && original.sender().equals(edit.sender())
                && original.type().equals(edit.type()) && original.stateKey() == null && edit.stateKey() == null
                && !BundledAggregations.REPLACE.equals(relType(original))
                && (ENCRYPTED.equals(edit.type()) || content(edit).path("m.new_content").isObject());
    }

    private static JsonNode content(StoredEvent event) {
        return Json.stored(event.json()).path("content");
    }
}
