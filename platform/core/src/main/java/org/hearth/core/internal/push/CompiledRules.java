package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's enabled push rules in priority order, compiled once (globs to patterns, paths
 * parsed) and kept by {@link PushRules} until the user changes them. The first rule whose
 * conditions all hold decides the actions (spec "Push Rules").
 *
 * <p>Shared by members whose rules differ only by their IDs (see {@link PushRuleSet#shape}): the
 * conditions that name the user name whichever member they are tested for. For each event,
 * shared rules are first reduced to a {@link Residual}, the rules that may still match once the
 * event is known, which is all a member's evaluation then reads: in a room of 1,000 members with
 * the predefined rules, one reduction per message and one or two tests per member, instead of
 * every rule's conditions per member. A user's rules of their own are evaluated directly.
 */
final class CompiledRules {
    /**
     * A rule's conditions, split into those that read only the event and those that read the
     * member too. Arrays, not lists: evaluated for every member of a room for every message,
     * list iterators showed in profiles.
     */
    private record Rule(PushConditions.Condition[] ofEvent, PushConditions.Condition[] ofMember,
                        PushActions actions) {}

    /**
     * What is left of the rules once the event is known: those whose event conditions hold, in
     * order, up to the first that reads nothing of the member, whose actions are then the
     * answer for every member no earlier rule matches ({@code otherwise}).
     */
    static final class Residual {
        private final Rule[] rules;
        private final PushActions otherwise;

        private Residual(Rule[] rules, PushActions otherwise) {
            this.rules = rules;
            this.otherwise = otherwise;
        }

        /** The actions of every member when none of the rules left reads the member, else null. */
        PushActions uniform() {
            return rules.length == 0 ? otherwise : null;
        }

        PushActions evaluate(PushContext event, String userId) {
            for (Rule rule : rules) {
                if (allHold(rule.ofMember, event, userId)) {
                    return rule.actions;
                }
            }
            return otherwise;
        }
    }

    /**
     * The legacy mention rules apply only to events without {@code m.mentions} (spec v1.7 to
     * v1.16, "Predefined Rules"): a client that says whom it mentions is not second-guessed from the body.
     */
    private static final PushConditions.Condition WITHOUT_MENTIONS =
            (e, u) -> !e.event().path("content").has("m.mentions");

    private final Rule[] rules;
    /** Whether members share these rules: only then does reducing them first pay. */
    private final boolean shared;

    private CompiledRules(Rule[] rules, boolean shared) {
        this.rules = rules;
        this.shared = shared;
    }

    /**
     * The rules of {@code userId}, who owns {@code set}; {@code shared} when other members will
     * be evaluated with them too (see {@link PushRuleSet#shape}).
     */
    static CompiledRules of(PushRuleSet set, String userId, boolean shared) {
        List<Rule> rules = new ArrayList<>();
        for (PushRuleKind kind : PushRuleKind.BY_PRIORITY) {
            for (JsonNode rule : set.rules(kind)) {
                if (!rule.path("enabled").asBoolean(true)) {
                    continue;
                }
                List<PushConditions.Condition> ofEvent = new ArrayList<>();
                List<PushConditions.Condition> ofMember = new ArrayList<>();
                for (PushConditions.Condition condition : conditions(kind, rule, userId)) {
                    (condition.readsMember() ? ofMember : ofEvent).add(condition);
                }
                rules.add(new Rule(ofEvent.toArray(PushConditions.Condition[]::new),
                        ofMember.toArray(PushConditions.Condition[]::new), PushActions.of(rule.path("actions"))));
            }
        }
        return new CompiledRules(rules.toArray(Rule[]::new), shared);
    }

    private static List<PushConditions.Condition> conditions(PushRuleKind kind, JsonNode rule, String userId) {
        String id = rule.path("rule_id").asText();
        List<PushConditions.Condition> out = new ArrayList<>();
        if (PredefinedRules.LEGACY_MENTION_RULES.contains(id)) {
            out.add(WITHOUT_MENTIONS);
        }
        switch (kind) {
            case CONTENT -> out.add(PushConditions.bodyMatches(rule.path("pattern").asText()));
            case ROOM -> out.add((e, u) -> id.equals(e.event().path("room_id").asText()));
            case SENDER -> out.add((e, u) -> id.equals(e.event().path("sender").asText()));
            default -> rule.path("conditions").forEach(c -> out.add(PushConditions.forUser(c, userId)));
        }
        return out;
    }

    /** The actions of the first matching rule for the member; none when no rule matches. */
    PushActions evaluate(PushContext event, String userId) {
        if (shared) {
            return event.residual(this).evaluate(event, userId);
        }
        for (Rule rule : rules) {
            if (allHold(rule.ofEvent, event, userId) && allHold(rule.ofMember, event, userId)) {
                return rule.actions;
            }
        }
        return PushActions.NONE;
    }

    /**
     * The actions of every member the rules are shared by, when the event alone decides them (an
     * ordinary message, for the predefined rules); null when they must be evaluated per member.
     */
    PushActions uniform(PushContext event) {
        return shared ? event.residual(this).uniform() : null;
    }

    /**
     * The rules reduced for the event, see {@link Residual}; {@link PushContext#residual} keeps it
     * for the event. A rule with a member condition the event rules out for all is left out too.
     */
    Residual residual(PushContext event) {
        List<Rule> left = new ArrayList<>();
        for (Rule rule : rules) {
            if (!allHold(rule.ofEvent, event, null) || !mayHoldForSomeone(rule.ofMember, event)) {
                continue;
            }
            if (rule.ofMember.length == 0) {
                return new Residual(left.toArray(Rule[]::new), rule.actions);
            }
            left.add(rule);
        }
        return new Residual(left.toArray(Rule[]::new), PushActions.NONE);
    }

    private static boolean mayHoldForSomeone(PushConditions.Condition[] conditions, PushContext event) {
        for (PushConditions.Condition condition : conditions) {
            if (!condition.mayHoldFor(event)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allHold(PushConditions.Condition[] conditions, PushContext event, String userId) {
        for (PushConditions.Condition condition : conditions) {
            if (!condition.test(event, userId)) {
                return false;
            }
        }
        return true;
    }
}
