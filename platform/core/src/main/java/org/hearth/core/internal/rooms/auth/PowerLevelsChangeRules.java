package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;

/**
 * Rule 9 of the authorisation rules (numbered as in room version 11; rule 10 in versions 1–5
 * and 12), for {@code m.room.power_levels} events: the values must be well formed, and a sender
 * may only change what is at most their own level.
 */
final class PowerLevelsChangeRules {
    private static final List<String> TOP_LEVEL =
            List.of("users_default", "events_default", "state_default", "ban", "redact", "kick", "invite");

    private final AuthRuleSet rules;

    PowerLevelsChangeRules(AuthRuleSet rules) {
        this.rules = rules;
    }

    AuthVerdict check(Pdu event, AuthState state) {
        JsonNode content = event.content();
        Optional<String> malformed = malformed(content, state);
        if (malformed.isPresent()) {
            return AuthVerdict.deny(malformed.get());
        }
        // 9.4: the first power levels event sets whatever it likes
        Optional<Pdu> previous = state.get(StateTuple.POWER_LEVELS);
        if (previous.isEmpty()) {
            return AuthVerdict.ALLOW;
        }
        JsonNode old = previous.get().content();
        long sender = state.powerLevels().of(event.sender());
        // 9.5: top-level levels added, changed or removed
        for (String key : TOP_LEVEL) {
            Optional<String> denied = change(key, read(old.get(key)), read(content.get(key)), sender, false);
            if (denied.isPresent()) {
                return AuthVerdict.deny(denied.get());
            }
        }
        // 9.6, 9.7: events, and notifications (v6+)
        List<String> maps = rules.notificationsInPowerLevels() ? List.of("events", "notifications") : List.of("events");
        for (String map : maps) {
            Optional<String> denied = changes(map, old.path(map), content.path(map), sender, Optional.empty());
            if (denied.isPresent()) {
                return AuthVerdict.deny(denied.get());
            }
        }
        // 9.8, 9.9: users; the sender may lower their own entry
        Optional<String> denied = changes("users", old.path("users"), content.path("users"), sender,
                Optional.of(event.sender()));
        // 9.10
        return denied.map(AuthVerdict::deny).orElse(AuthVerdict.ALLOW);
    }

    /** 9.1 to 9.3, and rule 10.4 of version 12. */
    private Optional<String> malformed(JsonNode content, AuthState state) {
        if (!rules.powerLevelNumbers().acceptsStrings()) {
            // 9.1 (v10+): top-level levels are integers
            for (String key : TOP_LEVEL) {
                if (content.has(key) && read(content.get(key)).isEmpty()) {
                    return Optional.of(key + " must be an integer");
                }
            }
            // 9.2 (v10+): events and notifications map to integers
            for (String map : List.of("events", "notifications")) {
                if (content.has(map) && !allValid(content.get(map))) {
                    return Optional.of(map + " must map to integers");
                }
            }
        }
        // 9.3: users maps user IDs to levels
        JsonNode users = content.get("users");
        if (users != null) {
            if (!allValid(users)) {
                return Optional.of("users must map to power levels");
            }
            for (Iterator<String> it = users.fieldNames(); it.hasNext(); ) {
                String user = it.next();
                if (UserId.parse(user).isEmpty()) {
                    return Optional.of("users has an invalid user ID " + user);
                }
                // v12 10.4: creators cannot be given a level
                if (rules.creatorsHaveInfinitePower() && state.creators().contains(user)) {
                    return Optional.of("users must not list the room creator " + user);
                }
            }
        }
        return Optional.empty();
    }

    private boolean allValid(JsonNode map) {
        if (!map.isObject()) {
            return false;
        }
        for (JsonNode value : map) {
            if (read(value).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Each entry of one map that was added, changed or removed. */
    private Optional<String> changes(String map, JsonNode old, JsonNode now, long sender, Optional<String> ownEntry) {
        Set<String> keys = new TreeSet<>();
        old.fieldNames().forEachRemaining(keys::add);
        now.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            boolean mayLowerOwn = ownEntry.map(key::equals).orElse(false);
            Optional<String> denied = change(map + "." + key, read(old.get(key)), read(now.get(key)), sender,
                    ownEntry.isPresent() && !mayLowerOwn);
            if (denied.isPresent()) {
                return denied;
            }
        }
        return Optional.empty();
    }

    /**
     * One value: the current value (if changed or removed) and the new value (if added or
     * changed) may not exceed the sender's level; for another user's entry the current value
     * must be below it (9.8).
     */
    private static Optional<String> change(String what, OptionalLong current, OptionalLong next, long sender,
            boolean otherUser) {
        if (current.equals(next)) {
            return Optional.empty();
        }
        if (current.isPresent() && (otherUser ? current.getAsLong() >= sender : current.getAsLong() > sender)) {
            return Optional.of("sender may not change " + what + " from " + current.getAsLong());
        }
        if (next.isPresent() && next.getAsLong() > sender) {
            return Optional.of("sender may not set " + what + " to " + next.getAsLong());
        }
        return Optional.empty();
    }

    private OptionalLong read(JsonNode value) {
        return PowerLevelValue.read(value, rules.powerLevelNumbers());
    }
}
