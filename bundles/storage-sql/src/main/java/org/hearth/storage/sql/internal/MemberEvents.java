package org.hearth.storage.sql.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads what an {@code m.room.member} event sets (Client-Server API, "m.room.member"). */
final class MemberEvents {
    static final String TYPE = "m.room.member";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MemberEvents() {
    }

    /** The event's {@code content.membership}: join, invite, leave, ban or knock. */
    static String membership(String eventJson) {
        JsonNode membership;
        try {
            membership = JSON.readTree(eventJson).path("content").path("membership");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("m.room.member event is not JSON", e);
        }
        if (!membership.isTextual()) {
            throw new IllegalArgumentException("m.room.member event without a content.membership string");
        }
        return membership.textValue();
    }
}
