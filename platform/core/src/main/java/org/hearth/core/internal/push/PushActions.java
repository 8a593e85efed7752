package org.hearth.core.internal.push;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.core.internal.util.Json;

/**
 * Push rule actions (spec "Actions"): {@code notify}, {@code set_tweak} objects, and the
 * historical {@code dont_notify} and {@code coalesce}, accepted and treated as no action.
 */
public record PushActions(boolean notifies, boolean highlight, String json) {
    public static final PushActions NONE = new PushActions(false, false, "[]");
    static final int MAX_ACTIONS = 20;
    private static final Set<String> WORDS = Set.of("notify", "dont_notify", "coalesce");

    /** 400 unless {@code actions} is a list of actions the spec defines. */
    static void check(JsonNode actions) throws MatrixException {
        if (actions == null || !actions.isArray()) {
            throw MatrixException.badJson("actions must be a list");
        }
        if (actions.size() > MAX_ACTIONS) {
            throw MatrixException.invalidParam("At most " + MAX_ACTIONS + " actions");
        }
        for (JsonNode action : actions) {
            boolean word = action.isTextual() && WORDS.contains(action.asText());
            boolean tweak = action.isObject() && action.path("set_tweak").isTextual();
            if (!word && !tweak) {
                throw MatrixException.invalidParam("Unknown push rule action " + action);
            }
        }
    }

    /**
     * What the actions ask for: a notification when one is {@code notify}, highlighted by a
     * {@code highlight} tweak not set to false; {@code json} the actions as the rule has them.
     */
    static PushActions of(JsonNode actions) {
        boolean notify = false;
        boolean highlight = false;
        for (JsonNode action : actions) {
            notify |= "notify".equals(action.asText());
            if (action.isObject() && "highlight".equals(action.path("set_tweak").asText())) {
                highlight = !action.has("value") || action.get("value").asBoolean(false);
            }
        }
        return new PushActions(notify, notify && highlight, Json.write(actions));
    }
}
