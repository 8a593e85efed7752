package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.room.Membership;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;

/**
 * The room state an event is checked against, read the way the authorisation rules read it:
 * the create event and its creators, a user's current membership, the join rule, the power
 * levels (room versions, "Authorisation rules"; version 12, "room creators").
 */
public final class AuthState {
    private final AuthRuleSet rules;
    private final Map<StateTuple, Pdu> events;

    /** Reads {@code events} in place; the caller does not change it while this is in use. */
    public AuthState(AuthRuleSet rules, Map<StateTuple, Pdu> events) {
        this.rules = rules;
        this.events = events;
    }

    public Optional<Pdu> get(StateTuple key) {
        return Optional.ofNullable(events.get(key));
    }

    public Optional<Pdu> create() {
        return get(StateTuple.CREATE);
    }

    /** A user's current membership; {@link Membership#LEAVE} without a member event. */
    public Membership membershipOf(String userId) {
        return get(StateTuple.member(userId))
                .flatMap(e -> Membership.parse(e.content().path("membership").asText()))
                .orElse(Membership.LEAVE);
    }

    /** {@code join_rule} of the current {@code m.room.join_rules} event, if there is one. */
    public Optional<String> joinRule() {
        return get(StateTuple.JOIN_RULES).map(e -> e.content().path("join_rule").asText());
    }

    /**
     * The creator rule 4.3.1 lets join first: {@code content.creator} of the create event in
     * versions 1–10, its {@code sender} from version 11 on.
     */
    public Optional<String> originalCreator() {
        return create().map(c -> rules.creatorInContent() ? c.content().path("creator").asText(null) : c.sender());
    }

    /**
     * The room creators: the original creator, plus {@code content.additional_creators} from
     * room version 12 on.
     */
    public Set<String> creators() {
        Set<String> creators = new LinkedHashSet<>();
        originalCreator().ifPresent(creators::add);
        if (rules.creatorsHaveInfinitePower()) {
            create().ifPresent(c -> c.content().path("additional_creators").forEach(u -> creators.add(u.asText())));
        }
        return creators;
    }

    public PowerLevels powerLevels() {
        JsonNode content = get(StateTuple.POWER_LEVELS).map(Pdu::content).orElse(null);
        return new PowerLevels(rules, content, creators());
    }
}
