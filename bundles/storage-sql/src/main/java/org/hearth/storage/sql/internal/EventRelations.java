package org.hearth.storage.sql.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.RelationStore.Relation;

/**
 * The relationship an event forms (Client-Server API, "Forming relationships between events"):
 * its cleartext {@code content.m.relates_to} with string {@code rel_type} and {@code event_id}.
 * Rich replies ({@code m.in_reply_to} alone) have no {@code rel_type} and are not indexed; state
 * events get no aggregations ("Aggregations of child events") and are left out too.
 */
final class EventRelations {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Event IDs are at most 255 bytes (Client-Server API, "Event IDs"); a longer one cannot be a parent. */
    private static final int MAX_ID = 255;

    private EventRelations() {
    }

    /** {@code streamPosition} is asked only when the event forms one. */
    static Optional<Relation> of(NewEvent event, LongSupplier streamPosition) {
        if (event.stateKey() != null || !event.json().contains("m.relates_to")) {
            return Optional.empty();
        }
        JsonNode relation;
        try {
            relation = JSON.readTree(event.json()).path("content").path("m.relates_to");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.eventId() + " is not JSON", e);
        }
        JsonNode parent = relation.path("event_id");
        JsonNode relType = relation.path("rel_type");
        if (!parent.isTextual() || !relType.isTextual() || parent.textValue().length() > MAX_ID
                || relType.textValue().length() > MAX_ID || parent.textValue().equals(event.eventId())) {
            return Optional.empty();
        }
        return Optional.of(new Relation(event.eventId(), parent.textValue(), relType.textValue(), event.type(),
                event.sender(), streamPosition.getAsLong()));
    }
}
