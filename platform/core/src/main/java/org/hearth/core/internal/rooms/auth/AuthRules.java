package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.room.Membership;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;

/**
 * The state-dependent authorisation rules of a room version (rooms, "Authorisation rules";
 * Server-Server API, "Checks performed on receipt of a PDU", checks 4 to 6): whether an event is
 * allowed in a given room state.
 *
 * <p>Rule numbers in the comments are those of room version 11. Versions 1–5 have an extra rule
 * 4 for {@code m.room.aliases}, so their later rules are numbered one higher; version 12 inserts
 * a rule 2 (the room ID names the create event), so its rules from 2 on are one higher, and adds
 * 1.4 ({@code additional_creators}) and 10.4 (creators are not listed in {@code users}); these are
 * marked "v12". Rule 2 of versions 1–11 (the event's own {@code auth_events}) is
 * {@link AuthEventsCheck}.
 *
 * <pre>{@code
 * AuthRules rules = new AuthRules(RoomVersions.V10.authRules(), signatures);
 * AuthVerdict verdict = rules.check(event, stateBeforeEvent);
 * }</pre>
 */
public final class AuthRules {
    private final AuthRuleSet rules;
    private final MembershipRules membership;
    private final PowerLevelsChangeRules powerLevels;

    public AuthRules(AuthRuleSet rules, SignatureChecks signatures) {
        this.rules = rules;
        this.membership = new MembershipRules(rules, signatures);
        this.powerLevels = new PowerLevelsChangeRules(rules);
    }

    public AuthRuleSet ruleSet() {
        return rules;
    }

    /**
     * Checks {@code event} against {@code state}, a room state keyed by
     * {@code (event_type, state_key)}: the state before the event, its auth events, or the
     * current state of the room. Only the entries {@link AuthEventSelection} names are read.
     */
    public AuthVerdict check(Pdu event, Map<StateTuple, Pdu> state) {
        // 1: the create event
        if (event.type().equals(EventTypes.CREATE)) {
            return CreateEventRules.check(event, rules);
        }
        AuthState auth = new AuthState(rules, state);
        Optional<Pdu> create = auth.create();
        if (create.isEmpty()) {
            return AuthVerdict.deny("no m.room.create in the state");
        }
        // v12 2: the room ID is the create event's ID
        if (rules.roomIdIsCreateEventId() && !CreateEventRules.isRoomOf(create.get(), event.roomId())) {
            return AuthVerdict.deny("room ID " + event.roomId() + " does not name the create event");
        }
        // 3: m.federate false keeps other servers out
        JsonNode federate = create.get().content().path("m.federate");
        if (federate.isBoolean() && !federate.booleanValue()
                && !CreateEventRules.domainOf(event.sender()).equals(CreateEventRules.domainOf(create.get().sender()))) {
            return AuthVerdict.deny("room does not federate");
        }
        // (v1-5 rule 4): m.room.aliases
        if (rules.aliasesRule() && event.type().equals(EventTypes.ALIASES)) {
            return aliases(event);
        }
        // 4: m.room.member
        if (event.type().equals(EventTypes.MEMBER)) {
            return membership.check(event, auth);
        }
        // 5
        if (auth.membershipOf(event.sender()) != Membership.JOIN) {
            return AuthVerdict.deny("sender is not joined");
        }
        PowerLevels levels = auth.powerLevels();
        long sender = levels.of(event.sender());
        // 6: m.room.third_party_invite
        if (event.type().equals(EventTypes.THIRD_PARTY_INVITE)) {
            return sender >= levels.invite() ? AuthVerdict.ALLOW : AuthVerdict.deny("sender is below the invite level");
        }
        // 7
        if (levels.requiredFor(event.type(), event.isState()) > sender) {
            return AuthVerdict.deny("sender is below the level required for " + event.type());
        }
        // 8: state keys that are user IDs belong to that user
        if (event.stateKey().map(k -> k.startsWith("@") && !k.equals(event.sender())).orElse(false)) {
            return AuthVerdict.deny("state_key " + event.stateKey().get() + " belongs to another user");
        }
        // 9: m.room.power_levels
        if (event.type().equals(EventTypes.POWER_LEVELS)) {
            return powerLevels.check(event, auth);
        }
        // (v1-2 rule 11): m.room.redaction
        if (rules.redactionRule() && event.type().equals(EventTypes.REDACTION)) {
            return redaction(event, sender, levels);
        }
        // 10
        return AuthVerdict.ALLOW;
    }

    /** Rule 4 of versions 1–5. */
    private static AuthVerdict aliases(Pdu event) {
        // 4.1
        if (event.stateKey().isEmpty()) {
            return AuthVerdict.deny("m.room.aliases needs a state_key");
        }
        // 4.2, 4.3
        return CreateEventRules.domainOf(event.sender()).equals(event.stateKey().get())
                ? AuthVerdict.ALLOW : AuthVerdict.deny("m.room.aliases state_key must be the sender's domain");
    }

    /** Rule 11 of versions 1–2. */
    private static AuthVerdict redaction(Pdu event, long sender, PowerLevels levels) {
        // 11.1
        if (sender >= levels.redact()) {
            return AuthVerdict.ALLOW;
        }
        // 11.2: a server may redact its own events
        String redacted = event.redacts().orElse("");
        if (!redacted.isEmpty() && CreateEventRules.domainOf(redacted).equals(CreateEventRules.domainOf(event.eventId()))) {
            return AuthVerdict.ALLOW;
        }
        // 11.3
        return AuthVerdict.deny("sender is below the redact level");
    }
}
