package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What the conditions read about one event, computed once for all of the room's members: the
 * event, the joined member count, the sender's power against the room's {@code notifications}
 * levels, the answers of the conditions that read only the event, the compiled rules reduced
 * for the event, and the members' display names, looked up only when a rule asks. Used by one thread.
 */
final class PushContext {
    private final JsonNode event;
    private final int memberCount;
    private final long senderLevel;
    private final ToLongFunction<String> notificationLevels;
    private final Function<String, String> displayNames;
    private final Map<String, String> names = new HashMap<>();
    /**
     * The values of the event's properties the conditions read, by path (one object per key: see
     * {@link PushConditions.PropertyPath#parse}); absent ones as a missing node.
     */
    private final Map<PushConditions.PropertyPath, JsonNode> values = new IdentityHashMap<>();
    /** The answers of conditions that read only the event, by condition (see {@link PushConditions#shared}). */
    private final Map<PushConditions.Condition, Boolean> answers = new IdentityHashMap<>();
    /** The compiled rules reduced for the event, by rules: most members of a room share theirs. */
    private final Map<CompiledRules, CompiledRules.Residual> residuals = new IdentityHashMap<>();
    private CompiledRules lastRules;
    private CompiledRules.Residual lastResidual;

    PushContext(JsonNode event, int memberCount, long senderLevel, ToLongFunction<String> notificationLevels,
                Function<String, String> displayNames) {
        this.event = event;
        this.memberCount = memberCount;
        this.senderLevel = senderLevel;
        this.notificationLevels = notificationLevels;
        this.displayNames = displayNames;
    }

    JsonNode event() {
        return event;
    }

    int memberCount() {
        return memberCount;
    }

    /** Spec "sender_notification_permission": the sender has the level under {@code notifications.<key>}. */
    boolean senderMayNotify(String key) {
        return senderLevel >= notificationLevels.applyAsLong(key);
    }

    /** The event's value at the path, or null; found once per event, not once per member. */
    JsonNode at(PushConditions.PropertyPath path) {
        JsonNode value = values.get(path);
        if (value == null) {
            value = path.in(event);
            values.put(path, value == null ? MissingNode.getInstance() : value);
            return value;
        }
        return value.isMissingNode() ? null : value;
    }

    /** The condition's answer for this event, tested on first use (it must not depend on the user). */
    boolean once(PushConditions.Condition condition) {
        Boolean known = answers.get(condition);
        if (known == null) {
            known = condition.test(this, null);
            answers.put(condition, known);
        }
        return known;
    }

    /** The rules reduced for this event ({@link CompiledRules#residual}), once per event for each compiled rules. */
    CompiledRules.Residual residual(CompiledRules rules) {
        if (rules != lastRules) {
            CompiledRules.Residual residual = residuals.get(rules);
            if (residual == null) {
                residual = rules.residual(this);
                residuals.put(rules, residual);
            }
            lastRules = rules;
            lastResidual = residual;
        }
        return lastResidual;
    }

    /** The user's display name in the room, or null. */
    String displayName(String userId) {
        return names.computeIfAbsent(userId, displayNames);
    }
}
