package org.hearth.core.internal.rooms.auth;

import java.util.Objects;
import org.hearth.core.internal.event.Pdu;

/**
 * The key of one entry of room state: the 2-tuple {@code (event_type, state_key)}
 * (Server-Server API, "Room State Resolution"; room version 2, "Unconflicted state map and
 * conflicted state set").
 */
public record StateTuple(String type, String stateKey) {
    public static final StateTuple CREATE = new StateTuple(EventTypes.CREATE, "");
    public static final StateTuple POWER_LEVELS = new StateTuple(EventTypes.POWER_LEVELS, "");
    public static final StateTuple JOIN_RULES = new StateTuple(EventTypes.JOIN_RULES, "");

    public StateTuple {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stateKey, "stateKey");
    }

    /** The key a state event fills; a message event has none. */
    public static StateTuple of(Pdu stateEvent) {
        return new StateTuple(stateEvent.type(), stateEvent.stateKey()
                .orElseThrow(() -> new IllegalArgumentException("not a state event: " + stateEvent)));
    }

    public static StateTuple member(String userId) {
        return new StateTuple(EventTypes.MEMBER, userId);
    }

    public static StateTuple thirdPartyInvite(String token) {
        return new StateTuple(EventTypes.THIRD_PARTY_INVITE, token);
    }

    @Override
    public String toString() {
        return "(" + type + ", " + stateKey + ")";
    }
}
