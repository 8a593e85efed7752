package org.hearth.core.internal.rooms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.rooms.auth.AuthEventSelection;
import org.hearth.core.internal.rooms.auth.AuthEventsCheck;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.AuthVerdict;
import org.hearth.core.internal.rooms.auth.StateTuple;

/**
 * Checks 4 to 6 of "Checks performed on receipt of a PDU" (Server-Server API): the authorization
 * rules against the event's own auth events, then against the state before it (either failing:
 * rejected), then against the room's current state (failing: soft-failed, "Soft failure").
 */
final class ReceivedPduAuth {
    private final AuthRules rules;
    private final AuthEventsCheck authEvents;
    private final AuthEventSelection selection;

    ReceivedPduAuth(AuthRules rules) {
        this.rules = rules;
        this.authEvents = new AuthEventsCheck(rules.ruleSet());
        this.selection = new AuthEventSelection(rules.ruleSet());
    }

    /** The outcome, and why when not accepted. */
    record Verdict(EventPlacement.Status status, String reason) {
        static final Verdict ACCEPTED = new Verdict(EventPlacement.Status.ACCEPTED, null);
    }

    /**
     * @param auth       the events the PDU names as auth events
     * @param create     the room's create event (from version 12 not among the auth events), or null
     * @param rejected   whether a stored event was rejected
     * @param before     the state before the event, (type, state_key) → event; null for an outlier
     * @param current    the room's current state, read the same way; null for an outlier
     */
    Verdict check(Pdu pdu, List<Pdu> auth, Pdu create, Predicate<String> rejected,
                  Function<StateTuple, Pdu> before, Function<StateTuple, Pdu> current) {
        AuthVerdict own = authEvents.check(pdu, auth, rejected);
        if (own instanceof AuthVerdict.Deny deny) {
            return rejected("auth events: " + deny.reason());
        }
        Map<StateTuple, Pdu> authState = new HashMap<>();
        auth.forEach(e -> authState.put(StateTuple.of(e), e));
        if (create != null) {
            authState.putIfAbsent(StateTuple.CREATE, create);
        }
        if (rules.check(pdu, authState) instanceof AuthVerdict.Deny deny) {
            return rejected("against its auth events: " + deny.reason());
        }
        if (before == null) {
            return Verdict.ACCEPTED;
        }
        if (rules.check(pdu, select(pdu, before, create)) instanceof AuthVerdict.Deny deny) {
            return rejected("against the state before it: " + deny.reason());
        }
        if (rules.check(pdu, select(pdu, current, create)) instanceof AuthVerdict.Deny deny) {
            return new Verdict(EventPlacement.Status.SOFT_FAILED, "against the current state: " + deny.reason());
        }
        return Verdict.ACCEPTED;
    }

    private Map<StateTuple, Pdu> select(Pdu pdu, Function<StateTuple, Pdu> state, Pdu create) {
        Map<StateTuple, Pdu> selected = new HashMap<>();
        for (StateTuple key : selection.keys(pdu)) {
            Pdu e = state.apply(key);
            if (e != null) {
                selected.put(key, e);
            }
        }
        if (create != null) {
            selected.putIfAbsent(StateTuple.CREATE, create);
        }
        return selected;
    }

    private static Verdict rejected(String reason) {
        return new Verdict(EventPlacement.Status.REJECTED, reason);
    }
}
