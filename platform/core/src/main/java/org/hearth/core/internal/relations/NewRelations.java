package org.hearth.core.internal.relations;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.RelationStore;
import org.hearth.api.spi.storage.RelationStore.Relation;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * What the server checks of a relationship a client sends (it cannot check those that arrive
 * over federation: clients deduplicate them):
 * <ul>
 *   <li>"Validation of m.thread relationships": no thread starts at an event that has an
 *       {@code m.relates_to} itself; 400 {@code M_UNKNOWN}, the code the spec names for want of a
 *       specific one.</li>
 *   <li>"Avoiding duplicate annotations": no second annotation of the same type and key by the
 *       same user on one event, unless the first was redacted (then its relation is gone); 400
 *       {@code M_DUPLICATE_ANNOTATION}.</li>
 * </ul>
 */
@Component(service = NewRelations.class)
public class NewRelations {
    private static final String ANNOTATION = "m.annotation";
    /** Annotations of one type on one event looked through, at most. */
    private static final int MAX_ANNOTATIONS = 1_000;

    private final EventStore events;
    private final RelationStore relations;

    @Activate
    public NewRelations(@Reference EventStore events, @Reference RelationStore relations) {
        this.events = events;
        this.relations = relations;
    }

    /**
     * Checks the content of an event of {@code type} that {@code sender}'s client sends with the
     * transaction {@code txn} (null for none): nothing for a retried transaction, which gets the
     * event it sent before.
     */
    public void check(UserId sender, String type, JsonNode content, ClientTxn txn) throws MatrixException {
        JsonNode relation = content.path("m.relates_to");
        JsonNode parent = relation.path("event_id");
        if (!parent.isTextual()) {
            return;
        }
        Optional<MatrixException> refusal = refusal(sender, type, relation, parent.asText());
        // Looked for only when refusing: one read less for every relation sent.
        if (refusal.isPresent() && (txn == null || events.eventForTransaction(sender, txn).isEmpty())) {
            throw refusal.get();
        }
    }

    private Optional<MatrixException> refusal(UserId sender, String type, JsonNode relation, String parent) {
        String relType = relation.path("rel_type").asText();
        if (BundledAggregations.THREAD.equals(relType) && events.event(parent)
                .map(root -> Json.stored(root.json()).path("content").has("m.relates_to")).orElse(false)) {
            return Optional.of(new MatrixException(400, "M_UNKNOWN", "A thread cannot start at an event that relates to another"));
        }
        if (ANNOTATION.equals(relType) && relation.path("key").isTextual()) {
            List<String> mine = relations.children(List.of(parent), List.of(ANNOTATION), type, 0,
                    Long.MAX_VALUE, MAX_ANNOTATIONS, true).stream()
                    .filter(r -> r.sender().equals(sender.toString())).map(Relation::eventId).toList();
            String key = relation.path("key").asText();
            boolean duplicate = !mine.isEmpty() && events.events(mine).stream().anyMatch(e ->
                    key.equals(Json.stored(e.json()).path("content").path("m.relates_to").path("key").asText(null)));
            if (duplicate) {
                return Optional.of(new MatrixException(400, "M_DUPLICATE_ANNOTATION",
                        "You already annotated this event with " + key));
            }
        }
        return Optional.empty();
    }
}
