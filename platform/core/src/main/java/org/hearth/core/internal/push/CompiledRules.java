package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's enabled push rules in priority order, compiled once (globs to patterns, paths
 * parsed) and kept by {@link PushRules} until the user changes them. The first rule whose
 * conditions all hold decides the actions (spec "Push Rules").
 */
final class CompiledRules {
    /** Arrays, not lists: evaluated for every member of a room for every message, list iterators showed in profiles. */
    private record Rule(PushConditions.Condition[] conditions, PushActions actions) {}

    /**
     * The legacy mention rules apply only to events without {@code m.mentions} (spec v1.7 to
     * v1.16, "Predefined Rules"): a client that says whom it mentions is not second-guessed from the body.
     */
    private static final PushConditions.Condition WITHOUT_MENTIONS =
            (e, u) -> !e.event().path("content").has("m.mentions");

    private final Rule[] rules;

    private CompiledRules(Rule[] rules) {
        this.rules = rules;
    }

    static CompiledRules of(PushRuleSet set) {
        List<Rule> rules = new ArrayList<>();
        for (PushRuleKind kind : PushRuleKind.BY_PRIORITY) {
            for (JsonNode rule : set.rules(kind)) {
                if (!rule.path("enabled").asBoolean(true)) {
                    continue;
                }
                rules.add(new Rule(conditions(kind, rule).toArray(PushConditions.Condition[]::new),
                        PushActions.of(rule.path("actions"))));
            }
        }
        return new CompiledRules(rules.toArray(Rule[]::new));
    }

    private static List<PushConditions.Condition> conditions(PushRuleKind kind, JsonNode rule) {
        String id = rule.path("rule_id").asText();
        List<PushConditions.Condition> out = new ArrayList<>();
        if (PredefinedRules.LEGACY_MENTION_RULES.contains(id)) {
            out.add(WITHOUT_MENTIONS);
        }
        switch (kind) {
            case CONTENT -> out.add(PushConditions.bodyMatches(rule.path("pattern").asText()));
            case ROOM -> out.add((e, u) -> id.equals(e.event().path("room_id").asText()));
            case SENDER -> out.add((e, u) -> id.equals(e.event().path("sender").asText()));
            default -> rule.path("conditions").forEach(c -> out.add(PushConditions.shared(c)));
        }
        return out;
    }

    /** The actions of the first matching rule; none when no rule matches. */
    PushActions evaluate(PushContext event, String userId) {
        for (Rule rule : rules) {
            boolean all = true;
            for (PushConditions.Condition condition : rule.conditions) {
                if (!condition.test(event, userId)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return rule.actions;
            }
        }
        return PushActions.NONE;
    }
}
