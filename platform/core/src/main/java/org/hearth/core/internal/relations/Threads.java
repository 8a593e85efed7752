package org.hearth.core.internal.relations;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The thread of an event (Client-Server API, "Threaded read receipts"): the root's event ID for
 * an event with an {@code m.thread} relation, {@value #MAIN} for every other event (thread roots
 * included).
 */
public final class Threads {
    public static final String MAIN = "main";

    private Threads() {
    }

    /** The thread of an event, from its client-format or PDU JSON. */
    public static String of(JsonNode event) {
        JsonNode relation = event.path("content").path("m.relates_to");
        JsonNode root = relation.path("event_id");
        return "m.thread".equals(relation.path("rel_type").asText()) && root.isTextual() ? root.asText() : MAIN;
    }
}
