package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.util.Sha256;
import org.hearth.core.internal.util.TextLimits;

/**
 * One user's push rules: the predefined ones, with the user's changes to their {@code enabled}
 * and {@code actions}, and the user's own rules (spec "Push Rules", "Predefined Rules").
 *
 * <ul>
 *   <li>Order within a kind: {@code .m.rule.master} first, then the user's own rules, then the
 *       other predefined ones (own rules come before the server's defaults).</li>
 *   <li>Rule IDs of the user's own rules never start with a dot and hold no slash or backslash;
 *       {@code before}/{@code after} name another own rule of the same kind.</li>
 *   <li>A new rule is enabled and, without {@code before}/{@code after}, the most important
 *       own rule of its kind; an updated one keeps its place unless moved.</li>
 *   <li>{@code override} and {@code underride} rules need {@code conditions}, {@code content}
 *       rules a {@code pattern}; every rule needs valid {@code actions}.</li>
 * </ul>
 *
 * <p>Stored as {@code {"own": {kind: [rule, ...]}, "changes": {"kind/ruleId": {"enabled": .., "actions": ..}}}}.
 */
public final class PushRuleSet {
    static final int MAX_OWN_RULES = 500;
    static final int MAX_CONDITIONS = 50;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String MASTER = ".m.rule.master";
    private static final String LEGACY_USER_NAME_RULE = ".m.rule.contains_user_name";

    private final ObjectNode predefined;
    private final ObjectNode own;
    private final ObjectNode changes;

    private PushRuleSet(ObjectNode predefined, ObjectNode own, ObjectNode changes) {
        this.predefined = predefined;
        this.own = own;
        this.changes = changes;
    }

    /** The user's stored rules with the predefined ones, the legacy mention rules too when asked ({@link PredefinedRules}). */
    static PushRuleSet of(UserId user, Optional<String> stored, boolean legacyMentions) {
        ObjectNode doc = stored.map(s -> (ObjectNode) Json.stored(s)).orElseGet(F::objectNode);
        ObjectNode own = doc.has("own") ? (ObjectNode) doc.get("own") : F.objectNode();
        for (PushRuleKind kind : PushRuleKind.values()) {
            if (!own.has(kind.key())) {
                own.putArray(kind.key());
            }
        }
        return new PushRuleSet(PredefinedRules.of(user, legacyMentions), own,
                doc.has("changes") ? (ObjectNode) doc.get("changes") : F.objectNode());
    }

    String stored() {
        ObjectNode doc = F.objectNode();
        doc.set("own", own);
        doc.set("changes", changes);
        return Json.write(doc);
    }

    /** Every rule, by kind, in priority order: the {@code global} ruleset of {@code GET /pushrules/}. */
    public ObjectNode global() {
        ObjectNode out = F.objectNode();
        for (PushRuleKind kind : PushRuleKind.values()) {
            out.set(kind.key(), rules(kind));
        }
        return out;
    }

    /**
     * A digest of the rules with the user's ID written as the spec's placeholder: users whose
     * shapes are equal have rules that differ only by whose they are, and may share compiled
     * rules ({@link CompiledRules}, whose conditions naming the user name whichever member they
     * are tested for). A digest, as a key kept for up to {@value PushRules#CACHED_USERS} shapes
     * is better not a few kilobytes of JSON. Empty when the user has rules of their own, which
     * may name them anywhere, the legacy mention rules (whose content rule names the user's
     * localpart), or an ID that a glob would read as a pattern.
     */
    Optional<String> shape(UserId user) {
        String id = user.toString();
        if (size() > 0 || PushConditions.hasWildcard(id)) {
            return Optional.empty();
        }
        ObjectNode rules = global();
        if (indexOf((ArrayNode) rules.get(PushRuleKind.CONTENT.key()), LEGACY_USER_NAME_RULE) >= 0) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(
                Sha256.digest(rules.toString().replace(id, PredefinedRules.PLACEHOLDER))));
    }

    /** The rules of a kind in priority order. */
    public ArrayNode rules(PushRuleKind kind) {
        ArrayNode out = F.arrayNode();
        JsonNode defaults = predefined.path(kind.key());
        for (JsonNode rule : defaults) {
            if (MASTER.equals(rule.path("rule_id").asText())) {
                out.add(withChanges(kind, rule));
            }
        }
        own.get(kind.key()).forEach(r -> out.add(r.deepCopy()));
        for (JsonNode rule : defaults) {
            if (!MASTER.equals(rule.path("rule_id").asText())) {
                out.add(withChanges(kind, rule));
            }
        }
        return out;
    }

    /** One rule: 404 {@code M_NOT_FOUND} when there is none of that kind and ID. */
    public ObjectNode rule(PushRuleKind kind, String ruleId) throws MatrixException {
        for (JsonNode rule : rules(kind)) {
            if (ruleId.equals(rule.path("rule_id").asText())) {
                return (ObjectNode) rule;
            }
        }
        throw MatrixException.notFound("Unknown push rule " + kind.key() + "/" + ruleId);
    }

    /** Adds or updates one of the user's own rules, see the class comment. */
    public void put(PushRuleKind kind, String ruleId, JsonNode body, String before, String after) throws MatrixException {
        checkOwnId(ruleId);
        ObjectNode rule = F.objectNode();
        rule.put("rule_id", ruleId);
        rule.put("default", false);
        rule.put("enabled", true);
        JsonNode actions = body.get("actions");
        PushActions.check(actions);
        rule.set("actions", actions);
        switch (kind) {
            case OVERRIDE, UNDERRIDE -> rule.set("conditions", PushConditions.check(body.get("conditions")));
            case CONTENT -> {
                JsonNode pattern = body.get("pattern");
                if (pattern == null || !pattern.isTextual()) {
                    throw MatrixException.badJson("A content rule needs a pattern");
                }
                rule.put("pattern", TextLimits.text(pattern.asText(), "pattern", 1000));
            }
            default -> { } // room and sender rules: the rule ID is the condition
        }
        ArrayNode list = (ArrayNode) own.get(kind.key());
        int existing = indexOf(list, ruleId);
        if (existing < 0 && size() >= MAX_OWN_RULES) {
            throw new MatrixException(400, "M_LIMIT_EXCEEDED", "At most " + MAX_OWN_RULES + " push rules");
        }
        String anchor = before != null ? before : after;
        if (anchor != null) {
            if (anchor.startsWith(".")) {
                throw MatrixException.invalidParam("A rule cannot be placed relative to a predefined rule");
            }
            if (indexOf(list, anchor) < 0 || anchor.equals(ruleId)) {
                throw MatrixException.notFound("Unknown push rule " + kind.key() + "/" + anchor);
            }
            if (existing >= 0) {
                list.remove(existing);
            }
            int at = indexOf(list, anchor);
            list.insert(before != null ? at : at + 1, rule);
        } else if (existing >= 0) {
            list.set(existing, rule);
        } else {
            list.insert(0, rule);
        }
    }

    /** Deletes one of the user's own rules; 404 when there is none, 400 for a predefined one. */
    public void delete(PushRuleKind kind, String ruleId) throws MatrixException {
        ArrayNode list = (ArrayNode) own.get(kind.key());
        int at = indexOf(list, ruleId);
        if (at < 0) {
            rule(kind, ruleId); // 404 when it does not exist at all
            throw MatrixException.invalidParam("Predefined push rules cannot be deleted");
        }
        list.remove(at);
    }

    public void setEnabled(PushRuleKind kind, String ruleId, boolean enabled) throws MatrixException {
        change(kind, ruleId, "enabled", F.booleanNode(enabled));
    }

    public void setActions(PushRuleKind kind, String ruleId, JsonNode actions) throws MatrixException {
        PushActions.check(actions);
        change(kind, ruleId, "actions", actions);
    }

    private void change(PushRuleKind kind, String ruleId, String field, JsonNode value) throws MatrixException {
        rule(kind, ruleId); // 404 for an unknown rule
        ArrayNode list = (ArrayNode) own.get(kind.key());
        int at = indexOf(list, ruleId);
        if (at >= 0) {
            ((ObjectNode) list.get(at)).set(field, value);
        } else {
            String key = kind.key() + "/" + ruleId;
            ObjectNode change = changes.has(key) ? (ObjectNode) changes.get(key) : changes.putObject(key);
            change.set(field, value);
        }
    }

    private ObjectNode withChanges(PushRuleKind kind, JsonNode rule) {
        ObjectNode copy = rule.deepCopy();
        JsonNode change = changes.get(kind.key() + "/" + rule.path("rule_id").asText());
        if (change != null) {
            change.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue().deepCopy()));
        }
        return copy;
    }

    private int size() {
        int n = 0;
        for (PushRuleKind kind : PushRuleKind.values()) {
            n += own.get(kind.key()).size();
        }
        return n;
    }

    /** The position of the rule in the list, -1 when it holds none of that ID. */
    static int indexOf(ArrayNode list, String ruleId) {
        for (int i = 0; i < list.size(); i++) {
            if (ruleId.equals(list.get(i).path("rule_id").asText())) {
                return i;
            }
        }
        return -1;
    }

    /** The path parameter names a rule the user may create: 400 {@code M_INVALID_PARAM} otherwise. */
    static void checkOwnId(String ruleId) throws MatrixException {
        TextLimits.identifier(ruleId, "The push rule ID");
        if (ruleId.isEmpty() || ruleId.startsWith(".") || ruleId.contains("/") || ruleId.contains("\\")) {
            throw MatrixException.invalidParam("A push rule ID must not be empty, start with '.' or hold '/' or '\\'");
        }
    }
}
