package org.hearth.core.internal.rooms.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Membership;
import org.hearth.core.internal.event.AuthRuleSet;
import org.hearth.core.internal.event.Pdu;

/**
 * Rule 4 of the authorisation rules (numbered as in room version 11), for {@code m.room.member}
 * events: join, invite (also through a third-party invite), leave, ban and knock, with the
 * restricted joins of room version 8 and the {@code knock_restricted} rule of version 10.
 */
final class MembershipRules {
    private final AuthRuleSet rules;
    private final SignatureChecks signatures;

    MembershipRules(AuthRuleSet rules, SignatureChecks signatures) {
        this.rules = rules;
        this.signatures = signatures;
    }

    AuthVerdict check(Pdu event, AuthState state) {
        // 4.1: a state_key and a membership are required
        JsonNode membershipNode = event.content().get("membership");
        if (event.stateKey().isEmpty() || membershipNode == null || !membershipNode.isTextual()) {
            return AuthVerdict.deny("m.room.member needs a state_key and a membership");
        }
        // 4.2 (v8+): the server of join_authorised_via_users_server must have signed the event
        JsonNode authoriser = event.content().get("join_authorised_via_users_server");
        if (rules.restrictedJoins() && authoriser != null && !signedByAuthoriser(event, authoriser)) {
            return AuthVerdict.deny("not signed by the server of join_authorised_via_users_server");
        }
        Optional<Membership> membership = Membership.parse(membershipNode.asText());
        if (membership.isEmpty() || membership.get() == Membership.KNOCK && !rules.knocking()) {
            // 4.8: unknown membership (knock before v7)
            return AuthVerdict.deny("unknown membership " + membershipNode.asText());
        }
        String target = event.stateKey().get();
        return switch (membership.get()) {
            case JOIN -> join(event, state, target);
            case INVITE -> invite(event, state, target);
            case LEAVE -> leave(event, state, target);
            case BAN -> ban(event, state, target);
            case KNOCK -> knock(event, state, target);
        };
    }

    private boolean signedByAuthoriser(Pdu event, JsonNode authoriser) {
        Optional<UserId> user = authoriser.isTextual() ? UserId.parse(authoriser.asText()) : Optional.empty();
        return user.isPresent() && signatures.isSignedBy(event, user.get().server().value());
    }

    /** 4.3. */
    private AuthVerdict join(Pdu event, AuthState state, String target) {
        // 4.3.1: the creator's own first join, right after the create event
        List<String> prev = event.prevEvents();
        if (prev.size() == 1 && state.create().map(c -> c.eventId().equals(prev.get(0))).orElse(false)
                && state.originalCreator().map(target::equals).orElse(false)) {
            return AuthVerdict.ALLOW;
        }
        // 4.3.2
        if (!event.sender().equals(target)) {
            return AuthVerdict.deny("cannot join on behalf of another user");
        }
        Membership current = state.membershipOf(target);
        // 4.3.3
        if (current == Membership.BAN) {
            return AuthVerdict.deny("sender is banned");
        }
        String joinRule = state.joinRule().orElse("");
        boolean invited = current == Membership.INVITE || current == Membership.JOIN;
        // 4.3.4: invite, or knock (v7+)
        if (joinRule.equals("invite") || rules.knocking() && joinRule.equals("knock")) {
            return invited ? AuthVerdict.ALLOW : AuthVerdict.deny("join rule " + joinRule + " needs an invite");
        }
        // 4.3.5: restricted (v8+), knock_restricted (v10+)
        if (rules.restrictedJoins() && joinRule.equals("restricted")
                || rules.knockRestrictedJoins() && joinRule.equals("knock_restricted")) {
            return invited ? AuthVerdict.ALLOW : restrictedJoin(event, state);
        }
        // 4.3.6
        if (joinRule.equals("public")) {
            return AuthVerdict.ALLOW;
        }
        // 4.3.7
        return AuthVerdict.deny("join rule " + (joinRule.isEmpty() ? "(none)" : joinRule) + " does not allow joining");
    }

    /** 4.3.5.2 and 4.3.5.3: a joined user able to invite must have authorised the join. */
    private AuthVerdict restrictedJoin(Pdu event, AuthState state) {
        JsonNode authoriser = event.content().path("join_authorised_via_users_server");
        if (!authoriser.isTextual()) {
            return AuthVerdict.deny("restricted join without join_authorised_via_users_server");
        }
        String user = authoriser.asText();
        if (state.membershipOf(user) != Membership.JOIN) {
            return AuthVerdict.deny("the authorising user is not joined");
        }
        PowerLevels levels = state.powerLevels();
        if (levels.of(user) < levels.invite()) {
            return AuthVerdict.deny("the authorising user may not invite");
        }
        return AuthVerdict.ALLOW;
    }

    /** 4.4. */
    private AuthVerdict invite(Pdu event, AuthState state, String target) {
        JsonNode thirdParty = event.content().get("third_party_invite");
        if (thirdParty != null) {
            return thirdPartyInvite(event, state, target, thirdParty);
        }
        // 4.4.2
        if (state.membershipOf(event.sender()) != Membership.JOIN) {
            return AuthVerdict.deny("inviter is not joined");
        }
        // 4.4.3
        Membership current = state.membershipOf(target);
        if (current == Membership.JOIN || current == Membership.BAN) {
            return AuthVerdict.deny("invitee is " + current.value());
        }
        // 4.4.4, 4.4.5
        PowerLevels levels = state.powerLevels();
        return levels.of(event.sender()) >= levels.invite()
                ? AuthVerdict.ALLOW : AuthVerdict.deny("inviter is below the invite level");
    }

    /** 4.4.1. */
    private AuthVerdict thirdPartyInvite(Pdu event, AuthState state, String target, JsonNode thirdParty) {
        // 4.4.1.1
        if (state.membershipOf(target) == Membership.BAN) {
            return AuthVerdict.deny("invitee is banned");
        }
        // 4.4.1.2, 4.4.1.3
        JsonNode signed = thirdParty.get("signed");
        if (signed == null || !signed.path("mxid").isTextual() || !signed.path("token").isTextual()) {
            return AuthVerdict.deny("third_party_invite needs signed.mxid and signed.token");
        }
        // 4.4.1.4
        if (!signed.get("mxid").asText().equals(target)) {
            return AuthVerdict.deny("signed.mxid does not match the state_key");
        }
        // 4.4.1.5
        Optional<Pdu> invite = state.get(StateTuple.thirdPartyInvite(signed.get("token").asText()));
        if (invite.isEmpty()) {
            return AuthVerdict.deny("no m.room.third_party_invite for the token");
        }
        // 4.4.1.6
        if (!invite.get().sender().equals(event.sender())) {
            return AuthVerdict.deny("sender did not send the third-party invite");
        }
        // 4.4.1.7, 4.4.1.8
        return signatures.thirdPartyInviteSigned(signed, publicKeys(invite.get().content()))
                ? AuthVerdict.ALLOW : AuthVerdict.deny("signed matches no public key of the third-party invite");
    }

    /** 4.4.1.7.1 and 4.4.1.7.2: {@code public_key} and each {@code public_keys[].public_key}. */
    private static List<String> publicKeys(JsonNode content) {
        List<String> keys = new ArrayList<>();
        if (content.path("public_key").isTextual()) {
            keys.add(content.get("public_key").asText());
        }
        for (JsonNode key : content.path("public_keys")) {
            if (key.path("public_key").isTextual()) {
                keys.add(key.get("public_key").asText());
            }
        }
        return keys;
    }

    /** 4.5. */
    private AuthVerdict leave(Pdu event, AuthState state, String target) {
        Membership current = state.membershipOf(target);
        // 4.5.1: leaving yourself needs an invite, a join or (v7+) a knock
        if (event.sender().equals(target)) {
            boolean member = current == Membership.INVITE || current == Membership.JOIN
                    || rules.knocking() && current == Membership.KNOCK;
            return member ? AuthVerdict.ALLOW : AuthVerdict.deny("cannot leave with membership " + current.value());
        }
        // 4.5.2
        if (state.membershipOf(event.sender()) != Membership.JOIN) {
            return AuthVerdict.deny("sender is not joined");
        }
        PowerLevels levels = state.powerLevels();
        long sender = levels.of(event.sender());
        // 4.5.3: unbanning needs the ban level
        if (current == Membership.BAN && sender < levels.ban()) {
            return AuthVerdict.deny("sender is below the ban level");
        }
        // 4.5.4, 4.5.5
        return sender >= levels.kick() && levels.of(target) < sender
                ? AuthVerdict.ALLOW : AuthVerdict.deny("sender may not kick this user");
    }

    /** 4.6. */
    private AuthVerdict ban(Pdu event, AuthState state, String target) {
        // 4.6.1
        if (state.membershipOf(event.sender()) != Membership.JOIN) {
            return AuthVerdict.deny("sender is not joined");
        }
        // 4.6.2, 4.6.3
        PowerLevels levels = state.powerLevels();
        long sender = levels.of(event.sender());
        return sender >= levels.ban() && levels.of(target) < sender
                ? AuthVerdict.ALLOW : AuthVerdict.deny("sender may not ban this user");
    }

    /** 4.7 (v7+). */
    private AuthVerdict knock(Pdu event, AuthState state, String target) {
        // 4.7.1: knock, or knock_restricted (v10+)
        String joinRule = state.joinRule().orElse("");
        if (!(joinRule.equals("knock") || rules.knockRestrictedJoins() && joinRule.equals("knock_restricted"))) {
            return AuthVerdict.deny("join rule " + (joinRule.isEmpty() ? "(none)" : joinRule) + " does not allow knocking");
        }
        // 4.7.2
        if (!event.sender().equals(target)) {
            return AuthVerdict.deny("cannot knock on behalf of another user");
        }
        // 4.7.3, 4.7.4
        Membership current = state.membershipOf(target);
        return current == Membership.BAN || current == Membership.INVITE || current == Membership.JOIN
                ? AuthVerdict.deny("cannot knock with membership " + current.value()) : AuthVerdict.ALLOW;
    }
}
