package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomAlias;
import org.hearth.core.internal.event.Pdu;

/**
 * The aliases an {@code m.room.canonical_alias} event may name (Client-Server API,
 * {@code PUT /rooms/{roomId}/state/{eventType}/{stateKey}}): every alias it adds to
 * {@code alias} and {@code alt_aliases} must be valid (400 {@code M_INVALID_PARAM}) and point to
 * this room (400 {@code M_BAD_ALIAS}); aliases already in the current event or being removed are
 * not checked again. Aliases of other servers cannot be checked without federation, so they are
 * refused too.
 */
final class CanonicalAliases {
    static final String TYPE = "m.room.canonical_alias";

    private CanonicalAliases() {
    }

    static void check(RoomBatch batch, String roomId, JsonNode content, Optional<Pdu> current) throws MatrixException {
        Set<String> added = aliases(content);
        current.ifPresent(e -> {
            try {
                added.removeAll(aliases(e.content()));
            } catch (MatrixException malformedBefore) {
                // an old malformed event: everything in the new one counts as added
            }
        });
        for (String alias : added) {
            if (RoomAlias.parse(alias).isEmpty()) {
                throw MatrixException.invalidParam("Invalid room alias " + alias);
            }
            if (!batch.roomOfAlias(alias).map(roomId::equals).orElse(false)) {
                throw new MatrixException(400, "M_BAD_ALIAS", "The alias " + alias + " does not point to this room");
            }
        }
    }

    /**
     * The content with only the aliases {@code keep} accepts; empty when none was dropped (the
     * event need not change).
     */
    static Optional<ObjectNode> keeping(JsonNode content, Predicate<String> keep) {
        ObjectNode kept = content.isObject() ? ((ObjectNode) content).deepCopy() : JsonNodeFactory.instance.objectNode();
        boolean dropped = false;
        JsonNode alias = kept.path("alias");
        if (alias.isTextual() && !keep.test(alias.asText())) {
            kept.remove("alias");
            dropped = true;
        }
        JsonNode alt = kept.path("alt_aliases");
        if (alt.isArray()) {
            ArrayNode remaining = kept.putArray("alt_aliases");
            for (JsonNode a : alt) {
                if (a.isTextual() && !keep.test(a.asText())) {
                    dropped = true;
                } else {
                    remaining.add(a);
                }
            }
            if (dropped && remaining.isEmpty()) {
                kept.remove("alt_aliases"); // nothing left to name: no alias at all, as an empty content says
            }
        }
        return dropped ? Optional.of(kept) : Optional.empty();
    }

    /** {@code alias} and {@code alt_aliases} of the content; 400 {@code M_INVALID_PARAM} when they are not strings. */
    static Set<String> aliases(JsonNode content) throws MatrixException {
        Set<String> aliases = new LinkedHashSet<>();
        JsonNode alias = content.path("alias");
        if (!alias.isMissingNode() && !alias.isNull()) {
            if (!alias.isTextual()) {
                throw MatrixException.invalidParam("alias must be a string");
            }
            aliases.add(alias.asText());
        }
        JsonNode alt = content.path("alt_aliases");
        if (!alt.isMissingNode() && !alt.isNull()) {
            if (!alt.isArray()) {
                throw MatrixException.invalidParam("alt_aliases must be a list of strings");
            }
            for (JsonNode a : alt) {
                if (!a.isTextual()) {
                    throw MatrixException.invalidParam("alt_aliases must be a list of strings");
                }
                aliases.add(a.asText());
            }
        }
        return aliases;
    }
}
