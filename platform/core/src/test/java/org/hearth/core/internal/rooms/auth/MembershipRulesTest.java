package org.hearth.core.internal.rooms.auth;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.hearth.core.internal.rooms.auth.TestRoom.CHARLIE;
import static org.hearth.core.internal.rooms.auth.TestRoom.MALLORY;

import org.hearth.core.internal.event.Pdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule 4, m.room.member (numbered as in room version 11). */
class MembershipRulesTest {

    private static TestRoom withJoinRule(TestRoom room, String joinRule) {
        room.send(room.state(ALICE, EventTypes.JOIN_RULES, "", "{'join_rule':'" + joinRule + "'}"));
        return room;
    }

    private static TestRoom publicChat(String version) {
        return withJoinRule(TestRoom.privateChat(version), "public");
    }

    @Test
    void rule4_1_aMembershipIsRequired() {
        TestRoom room = publicChat("11");
        room.assertDenied(room.memberWith(BOB, BOB, "{'displayname':'bob'}"), "needs a state_key and a membership");
        room.assertDenied(room.message(BOB, EventTypes.MEMBER, "{'membership':'join'}"), "needs a state_key");
    }

    // 4.3 join

    @ParameterizedTest
    @ValueSource(strings = {"1", "10", "11", "12"})
    void rule4_3_1_theCreatorJoinsRightAfterTheCreateEvent(String version) {
        TestRoom room = TestRoom.created(version, ALICE, "{}");
        room.assertDenied(room.member(BOB, BOB, "join"), "(none) does not allow joining");
        room.assertAllowed(room.member(ALICE, ALICE, "join"));
        room.force(room.message(ALICE, "m.room.message", "{'body':'not yet joined'}"));
        room.assertDenied(room.member(ALICE, ALICE, "join"), "does not allow joining");
    }

    @Test
    void rule4_3_1_untilVersion10TheCreatorIsContentCreatorThenTheSender() {
        TestRoom v10 = TestRoom.created("10", ALICE, "{'creator':'" + BOB + "'}");
        v10.assertAllowed(v10.member(BOB, BOB, "join"));
        v10.assertDenied(v10.member(ALICE, ALICE, "join"), "does not allow joining");
        TestRoom v11 = TestRoom.created("11", ALICE, "{'creator':'" + BOB + "'}");
        v11.assertAllowed(v11.member(ALICE, ALICE, "join"));
        v11.assertDenied(v11.member(BOB, BOB, "join"), "does not allow joining");
    }

    @Test
    void rule4_3_2_nobodyJoinsForSomeoneElse() {
        TestRoom room = publicChat("11");
        room.assertDenied(room.member(ALICE, BOB, "join"), "on behalf of another user");
    }

    @Test
    void rule4_3_3_theBannedCannotJoin() {
        TestRoom room = publicChat("11");
        room.send(room.member(ALICE, BOB, "ban"));
        room.assertDenied(room.member(BOB, BOB, "join"), "banned");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "6", "11", "12"})
    void rule4_3_4_anInviteRoomNeedsAnInvite(String version) {
        TestRoom room = TestRoom.privateChat(version);
        room.assertDenied(room.member(BOB, BOB, "join"), "needs an invite");
        room.send(room.member(ALICE, BOB, "invite"));
        room.send(room.member(BOB, BOB, "join"));
        room.assertAllowed(room.memberWith(BOB, BOB, "{'membership':'join','displayname':'Bob'}"));
    }

    @Test
    void rule4_3_4_aKnockRoomNeedsAnInviteFromVersion7() {
        TestRoom v7 = withJoinRule(TestRoom.privateChat("7"), "knock");
        v7.assertDenied(v7.member(BOB, BOB, "join"), "needs an invite");
        v7.send(v7.member(ALICE, BOB, "invite"));
        v7.assertAllowed(v7.member(BOB, BOB, "join"));
        TestRoom v6 = withJoinRule(TestRoom.privateChat("6"), "knock");
        v6.send(v6.member(ALICE, BOB, "invite"));
        v6.assertDenied(v6.member(BOB, BOB, "join"), "knock does not allow joining");
    }

    @Test
    void rule4_3_5_restrictedJoinsAreAuthorisedByAJoinedUserWhoMayInvite() {
        TestRoom room = withJoinRule(TestRoom.privateChat("8"), "restricted");
        Pdu viaAlice = room.memberWith(BOB, BOB, "{'membership':'join','join_authorised_via_users_server':'" + ALICE + "'}");
        room.assertAllowed(viaAlice);
        room.assertDenied(room.member(BOB, BOB, "join"), "without join_authorised_via_users_server");
        room.assertDenied(room.memberWith(BOB, BOB,
                "{'membership':'join','join_authorised_via_users_server':'" + CHARLIE + "'}"), "not joined");
        room.send(room.member(ALICE, CHARLIE, "invite"));
        room.send(room.member(CHARLIE, CHARLIE, "join"));
        room.send(room.state(ALICE, EventTypes.POWER_LEVELS, "", "{'users':{'" + ALICE + "':100},'invite':50}"));
        room.assertDenied(room.memberWith(BOB, BOB,
                "{'membership':'join','join_authorised_via_users_server':'" + CHARLIE + "'}"), "may not invite");
    }

    @Test
    void rule4_3_5_anInvitedUserJoinsARestrictedRoomWithoutAnAuthoriser() {
        TestRoom room = withJoinRule(TestRoom.privateChat("9"), "restricted");
        room.send(room.member(ALICE, BOB, "invite"));
        room.assertAllowed(room.member(BOB, BOB, "join"));
    }

    @Test
    void rule4_3_5_restrictedIsUnknownBeforeVersion8() {
        TestRoom room = withJoinRule(TestRoom.privateChat("7"), "restricted");
        room.assertDenied(room.memberWith(BOB, BOB,
                "{'membership':'join','join_authorised_via_users_server':'" + ALICE + "'}"), "restricted does not allow");
    }

    @Test
    void rule4_3_5_knockRestrictedFromVersion10() {
        String join = "{'membership':'join','join_authorised_via_users_server':'" + ALICE + "'}";
        TestRoom v10 = withJoinRule(TestRoom.privateChat("10"), "knock_restricted");
        v10.assertAllowed(v10.memberWith(BOB, BOB, join));
        TestRoom v9 = withJoinRule(TestRoom.privateChat("9"), "knock_restricted");
        v9.assertDenied(v9.memberWith(BOB, BOB, join), "knock_restricted does not allow joining");
    }

    @Test
    void rule4_2_theAuthorisersServerMustHaveSignedFromVersion8() {
        String join = "{'membership':'join','join_authorised_via_users_server':'" + MALLORY + "'}";
        TestRoom v8 = withJoinRule(TestRoom.privateChat("8"), "restricted");
        v8.assertDenied(v8.memberWith(BOB, BOB, join), "not signed by the server");
        TestRoom v7 = publicChat("7");
        v7.assertAllowed(v7.memberWith(BOB, BOB, join));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule4_3_6_anyoneJoinsAPublicRoom(String version) {
        TestRoom room = publicChat(version);
        room.assertAllowed(room.member(MALLORY, MALLORY, "join"));
    }

    @Test
    void rule4_3_7_otherJoinRulesKeepEveryoneOut() {
        TestRoom room = withJoinRule(TestRoom.privateChat("11"), "private");
        room.assertDenied(room.member(BOB, BOB, "join"), "private does not allow joining");
    }

    // 4.4 invite

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule4_4_aJoinedUserAtTheInviteLevelInvites(String version) {
        TestRoom room = TestRoom.withBob(version);
        room.assertAllowed(room.member(BOB, CHARLIE, "invite"));
        room.assertDenied(room.member(CHARLIE, MALLORY, "invite"), "inviter is not joined");
        room.assertDenied(room.member(BOB, ALICE, "invite"), "invitee is join");
        String levels = room.ruleSet().creatorsHaveInfinitePower() ? "{'invite':50}" : "{'users':{'" + ALICE + "':100},'invite':50}";
        room.send(room.state(ALICE, EventTypes.POWER_LEVELS, "", levels));
        room.assertDenied(room.member(BOB, CHARLIE, "invite"), "below the invite level");
        room.send(room.member(ALICE, MALLORY, "ban"));
        room.assertDenied(room.member(ALICE, MALLORY, "invite"), "invitee is ban");
    }

    // 4.4.1 third-party invite

    private static TestRoom withThirdPartyInvite(String version) {
        TestRoom room = TestRoom.withBob(version);
        room.send(room.state(ALICE, EventTypes.THIRD_PARTY_INVITE, "tok",
                "{'display_name':'c...@example.org','public_key':'KEY1','public_keys':[{'public_key':'KEY2'}]}"));
        return room;
    }

    private static String thirdParty(String mxid, String token, String key) {
        return "{'membership':'invite','third_party_invite':{'display_name':'c...','signed':{'mxid':'" + mxid
                + "','token':'" + token + "','signatures':{'id.example.org':{'ed25519:0':'" + key + "'}}}}}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule4_4_1_aSignedThirdPartyInviteIsAllowed(String version) {
        TestRoom room = withThirdPartyInvite(version);
        room.assertAllowed(room.memberWith(ALICE, CHARLIE, thirdParty(CHARLIE, "tok", "KEY1")));
        room.assertAllowed(room.memberWith(ALICE, CHARLIE, thirdParty(CHARLIE, "tok", "KEY2")));
    }

    @Test
    void rule4_4_1_eachPartOfTheThirdPartyInviteIsChecked() {
        TestRoom room = withThirdPartyInvite("11");
        room.assertDenied(room.memberWith(ALICE, CHARLIE, "{'membership':'invite','third_party_invite':{}}"),
                "needs signed.mxid and signed.token");
        room.assertDenied(room.memberWith(ALICE, CHARLIE, thirdParty(MALLORY, "tok", "KEY1")), "does not match the state_key");
        room.assertDenied(room.memberWith(ALICE, CHARLIE, thirdParty(CHARLIE, "other", "KEY1")), "no m.room.third_party_invite");
        room.assertDenied(room.memberWith(BOB, CHARLIE, thirdParty(CHARLIE, "tok", "KEY1")), "did not send the third-party invite");
        room.assertDenied(room.memberWith(ALICE, CHARLIE, thirdParty(CHARLIE, "tok", "FORGED")), "matches no public key");
        room.send(room.member(ALICE, CHARLIE, "ban"));
        room.assertDenied(room.memberWith(ALICE, CHARLIE, thirdParty(CHARLIE, "tok", "KEY1")), "invitee is banned");
    }

    // 4.5 leave

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule4_5_1_membersAndInviteesLeave(String version) {
        TestRoom room = TestRoom.withBob(version);
        room.assertAllowed(room.member(BOB, BOB, "leave"));
        room.send(room.member(ALICE, CHARLIE, "invite"));
        room.assertAllowed(room.member(CHARLIE, CHARLIE, "leave"));
        room.assertDenied(room.member(MALLORY, MALLORY, "leave"), "cannot leave with membership leave");
    }

    @Test
    void rule4_5_1_knockersRetractFromVersion7() {
        TestRoom v7 = withJoinRule(TestRoom.privateChat("7"), "knock");
        v7.send(v7.member(BOB, BOB, "knock"));
        v7.assertAllowed(v7.member(BOB, BOB, "leave"));
        TestRoom v6 = TestRoom.privateChat("6");
        v6.force(v6.member(BOB, BOB, "knock"));
        v6.assertDenied(v6.member(BOB, BOB, "leave"), "cannot leave with membership knock");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule4_5_kickingNeedsTheKickLevelAndMorePowerThanTheTarget(String version) {
        TestRoom room = TestRoom.withBob(version);
        room.assertDenied(room.member(BOB, ALICE, "leave"), "may not kick");
        room.assertDenied(room.member(CHARLIE, BOB, "leave"), "sender is not joined");
        room.assertAllowed(room.member(ALICE, BOB, "leave"));
    }

    @Test
    void rule4_5_3_unbanningNeedsTheBanLevel() {
        TestRoom room = TestRoom.withBob("11");
        room.send(room.state(ALICE, EventTypes.POWER_LEVELS, "",
                "{'users':{'" + ALICE + "':100,'" + BOB + "':55},'kick':50,'ban':60}"));
        room.send(room.member(ALICE, CHARLIE, "ban"));
        room.assertDenied(room.member(BOB, CHARLIE, "leave"), "below the ban level");
        room.assertAllowed(room.member(ALICE, CHARLIE, "leave"));
    }

    // 4.6 ban

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule4_6_banningNeedsTheBanLevelAndMorePowerThanTheTarget(String version) {
        TestRoom room = TestRoom.withBob(version);
        room.assertAllowed(room.member(ALICE, BOB, "ban"));
        room.assertAllowed(room.member(ALICE, MALLORY, "ban"));
        room.assertDenied(room.member(BOB, ALICE, "ban"), "may not ban");
        room.assertDenied(room.member(CHARLIE, BOB, "ban"), "sender is not joined");
    }

    // 4.7 knock

    @Test
    void rule4_7_knockingOnAKnockRoomFromVersion7() {
        TestRoom room = withJoinRule(TestRoom.privateChat("7"), "knock");
        room.assertAllowed(room.member(BOB, BOB, "knock"));
        room.assertDenied(room.member(ALICE, BOB, "knock"), "on behalf of another user");
        room.send(room.member(ALICE, BOB, "invite"));
        room.assertDenied(room.member(BOB, BOB, "knock"), "cannot knock with membership invite");
        TestRoom invite = TestRoom.privateChat("7");
        invite.assertDenied(invite.member(BOB, BOB, "knock"), "invite does not allow knocking");
    }

    @Test
    void rule4_7_knockIsAnUnknownMembershipBeforeVersion7() {
        TestRoom room = withJoinRule(TestRoom.privateChat("6"), "knock");
        room.assertDenied(room.member(BOB, BOB, "knock"), "unknown membership knock");
    }

    @Test
    void rule4_7_1_knockRestrictedRoomsTakeKnocksFromVersion10() {
        TestRoom v10 = withJoinRule(TestRoom.privateChat("10"), "knock_restricted");
        v10.assertAllowed(v10.member(BOB, BOB, "knock"));
        TestRoom v9 = withJoinRule(TestRoom.privateChat("9"), "knock_restricted");
        v9.assertDenied(v9.member(BOB, BOB, "knock"), "does not allow knocking");
    }

    @Test
    void rule4_8_unknownMembershipsAreRejected() {
        TestRoom room = publicChat("12");
        room.assertDenied(room.member(BOB, BOB, "dance"), "unknown membership dance");
    }
}
