package org.hearth.core.internal.rooms.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;

/**
 * Rule 2 of the authorisation rules of room versions 1–11 (rule 3 in version 12): what an
 * event's own {@code auth_events} must look like, whatever the room state.
 */
public final class AuthEventsCheck {
    private final AuthRuleSet rules;
    private final AuthEventSelection selection;

    public AuthEventsCheck(AuthRuleSet rules) {
        this.rules = rules;
        this.selection = new AuthEventSelection(rules);
    }

    /**
     * @param authEvents the events {@code event.authEvents()} names, as fetched
     * @param rejected whether an event (by ID) was rejected on receipt
     */
    public AuthVerdict check(Pdu event, List<Pdu> authEvents, Predicate<String> rejected) {
        if (event.type().equals(EventTypes.CREATE)) {
            return AuthVerdict.ALLOW;
        }
        Set<StateTuple> expected = selection.keys(event);
        Set<StateTuple> seen = new HashSet<>();
        boolean hasCreate = false;
        for (Pdu auth : authEvents) {
            if (auth.stateKey().isEmpty()) {
                return AuthVerdict.deny("auth event " + auth.eventId() + " is not a state event");
            }
            StateTuple key = StateTuple.of(auth);
            // 2.1
            if (!seen.add(key)) {
                return AuthVerdict.deny("two auth events for " + key);
            }
            // 2.2 (v12: the create event is never selected)
            if (!expected.contains(key)) {
                return AuthVerdict.deny("auth event " + auth.eventId() + " for " + key + " is not one the event needs");
            }
            // 2.3
            if (rejected.test(auth.eventId())) {
                return AuthVerdict.deny("auth event " + auth.eventId() + " was rejected");
            }
            // 2.5
            if (!Objects.equals(auth.roomId(), event.roomId())) {
                return AuthVerdict.deny("auth event " + auth.eventId() + " is from another room");
            }
            hasCreate |= key.equals(StateTuple.CREATE);
        }
        // 2.4 (versions 1-11)
        if (!rules.roomIdIsCreateEventId() && !hasCreate) {
            return AuthVerdict.deny("no m.room.create among the auth events");
        }
        return AuthVerdict.ALLOW;
    }
}
