package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.hearth.api.id.UserId;

/**
 * The spec's predefined push rules ("Predefined Rules", v1.19, copied from the specification into
 * predefined-rules.json), with the user's own ID filled in where the spec writes
 * "[the user's Matrix ID]".
 *
 * <p>With {@code push.legacy_mention_rules}, also the rules v1.17 removed that look for mentions
 * in the body (legacy-mention-rules.json, from v1.16): {@code .m.rule.contains_display_name} after
 * {@code .m.rule.is_user_mention}, {@code .m.rule.roomnotif} after {@code .m.rule.is_room_mention},
 * and the content rule {@code .m.rule.contains_user_name} with the user's localpart as pattern.
 * Messages bridged from other chat systems carry no {@code m.mentions}, so only these find their
 * mentions.
 */
final class PredefinedRules {
    /** The legacy rules' IDs: v1.7 to v1.16 enable them only for events without {@code m.mentions}. */
    static final Set<String> LEGACY_MENTION_RULES =
            Set.of(".m.rule.contains_display_name", ".m.rule.roomnotif", ".m.rule.contains_user_name");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PLACEHOLDER = "[the user's Matrix ID]";
    private static final String LOCALPART = "[the local part of the user's Matrix ID]";
    private static final String TEMPLATE;
    private static final JsonNode LEGACY;

    static {
        TEMPLATE = read("predefined-rules.json").get("global").toString();
        LEGACY = read("legacy-mention-rules.json");
    }

    private PredefinedRules() {
    }

    private static JsonNode read(String resource) {
        try (InputStream in = PredefinedRules.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the bundle's predefined push rules are unreadable", e);
        }
    }

    /** The predefined rules of the user, {@code {override: [...], ..., underride: [...]}}. */
    static ObjectNode of(UserId user, boolean legacyMentions) {
        ObjectNode rules;
        try {
            // The user ID is a validated identifier: it cannot hold a quote that would break the JSON.
            rules = (ObjectNode) JSON.readTree(TEMPLATE.replace(PLACEHOLDER, user.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (legacyMentions) {
            addLegacy(rules, user);
        }
        return rules;
    }

    private static void addLegacy(ObjectNode rules, UserId user) {
        for (PushRuleKind kind : PushRuleKind.values()) {
            for (JsonNode entry : LEGACY.path(kind.key())) {
                ObjectNode rule = entry.get("rule").deepCopy();
                if (LOCALPART.equals(rule.path("pattern").asText())) {
                    rule.put("pattern", user.localpart());
                }
                ArrayNode list = (ArrayNode) rules.get(kind.key());
                // Right after the rule named, or first of its kind (content) when it names none.
                list.insert(PushRuleSet.indexOf(list, entry.path("after").asText("")) + 1, rule);
            }
        }
    }
}
