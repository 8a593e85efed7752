package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;

/**
 * Which state events an event cites as its {@code auth_events} (Server-Server API, "Auth events
 * selection"): the create event (not from room version 12 on), the power levels, the sender's
 * membership, and for a membership event the target's membership, the join rules, the
 * third-party invite and the member event of the user authorising a restricted join.
 *
 * <p>The same keys are the state a rule check reads, which is what state resolution's iterative
 * auth checks take from the partially resolved state.
 */
public final class AuthEventSelection {
    private final AuthRuleSet rules;

    public AuthEventSelection(AuthRuleSet rules) {
        this.rules = rules;
    }

    /** The keys for an event; {@code stateKey} is null for a message event. */
    public Set<StateTuple> keys(String type, String sender, String stateKey, JsonNode content) {
        Set<StateTuple> keys = new LinkedHashSet<>();
        if (type.equals(EventTypes.CREATE)) {
            return keys;
        }
        if (!rules.roomIdIsCreateEventId()) {
            keys.add(StateTuple.CREATE);
        }
        keys.add(StateTuple.POWER_LEVELS);
        keys.add(StateTuple.member(sender));
        if (type.equals(EventTypes.MEMBER) && stateKey != null) {
            keys.add(StateTuple.member(stateKey));
            String membership = content.path("membership").asText();
            if (membership.equals("join") || membership.equals("invite") || membership.equals("knock")) {
                keys.add(StateTuple.JOIN_RULES);
            }
            JsonNode token = content.path("third_party_invite").path("signed").path("token");
            if (membership.equals("invite") && token.isTextual()) {
                keys.add(StateTuple.thirdPartyInvite(token.asText()));
            }
            JsonNode authoriser = content.path("join_authorised_via_users_server");
            if (membership.equals("join") && rules.restrictedJoins() && authoriser.isTextual()) {
                keys.add(StateTuple.member(authoriser.asText()));
            }
        }
        return keys;
    }

    public Set<StateTuple> keys(Pdu event) {
        return keys(event.type(), event.sender(), event.stateKey().orElse(null), event.content());
    }

    /** The auth events of a new event: the IDs {@code currentState} holds for its keys. */
    public List<String> select(String type, String sender, String stateKey, JsonNode content,
            Map<StateTuple, String> currentState) {
        List<String> ids = new ArrayList<>();
        for (StateTuple key : keys(type, sender, stateKey, content)) {
            String id = currentState.get(key);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }
}
