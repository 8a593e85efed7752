package org.hearth.core.internal.rooms.auth;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.hearth.core.internal.rooms.auth.TestRoom.CHARLIE;
import static org.hearth.core.internal.rooms.auth.TestRoom.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.core.internal.event.RoomVersions;
import org.junit.jupiter.api.Test;

class AuthEventSelectionTest {
    private static final AuthEventSelection V7 = new AuthEventSelection(RoomVersions.byId("7").orElseThrow().authRules());
    private static final AuthEventSelection V11 = new AuthEventSelection(RoomVersions.byId("11").orElseThrow().authRules());
    private static final AuthEventSelection V12 = new AuthEventSelection(RoomVersions.byId("12").orElseThrow().authRules());

    @Test
    void aMessageCitesTheCreateEventPowerLevelsAndTheSendersMembership() {
        assertEquals(Set.of(StateTuple.CREATE, StateTuple.POWER_LEVELS, StateTuple.member(BOB)),
                V11.keys("m.room.message", BOB, null, json("{'body':'hi'}")));
    }

    @Test
    void fromVersion12TheCreateEventIsNotCited() {
        assertEquals(Set.of(StateTuple.POWER_LEVELS, StateTuple.member(BOB)),
                V12.keys("m.room.message", BOB, null, json("{'body':'hi'}")));
    }

    @Test
    void theCreateEventCitesNothing() {
        assertEquals(Set.of(), V11.keys(EventTypes.CREATE, ALICE, "", json("{}")));
    }

    @Test
    void aMembershipCitesTheTargetAndForJoinInviteAndKnockTheJoinRules() {
        Set<StateTuple> base = Set.of(StateTuple.CREATE, StateTuple.POWER_LEVELS, StateTuple.member(ALICE), StateTuple.member(BOB));
        assertEquals(base, V11.keys(EventTypes.MEMBER, ALICE, BOB, json("{'membership':'ban'}")));
        for (String membership : List.of("join", "invite", "knock")) {
            Set<StateTuple> expected = new java.util.HashSet<>(base);
            expected.add(StateTuple.JOIN_RULES);
            assertEquals(expected, V11.keys(EventTypes.MEMBER, ALICE, BOB, json("{'membership':'" + membership + "'}")));
        }
    }

    @Test
    void aThirdPartyInviteCitesItsInviteEvent() {
        assertEquals(Set.of(StateTuple.CREATE, StateTuple.POWER_LEVELS, StateTuple.member(ALICE), StateTuple.member(BOB),
                StateTuple.JOIN_RULES, StateTuple.thirdPartyInvite("tok")),
                V11.keys(EventTypes.MEMBER, ALICE, BOB,
                        json("{'membership':'invite','third_party_invite':{'signed':{'mxid':'" + BOB + "','token':'tok'}}}")));
    }

    @Test
    void fromVersion8ARestrictedJoinCitesTheAuthorisersMembership() {
        String join = "{'membership':'join','join_authorised_via_users_server':'" + CHARLIE + "'}";
        assertEquals(Set.of(StateTuple.CREATE, StateTuple.POWER_LEVELS, StateTuple.member(BOB), StateTuple.JOIN_RULES,
                StateTuple.member(CHARLIE)), V11.keys(EventTypes.MEMBER, BOB, BOB, json(join)));
        assertEquals(Set.of(StateTuple.CREATE, StateTuple.POWER_LEVELS, StateTuple.member(BOB), StateTuple.JOIN_RULES),
                V7.keys(EventTypes.MEMBER, BOB, BOB, json(join)));
    }

    @Test
    void selectPicksTheCurrentEventsThatExist() {
        Map<StateTuple, String> state = Map.of(StateTuple.CREATE, "$create", StateTuple.member(ALICE), "$alice",
                StateTuple.JOIN_RULES, "$rules", StateTuple.member(CHARLIE), "$charlie");
        assertEquals(Set.of("$create", "$alice"),
                Set.copyOf(V11.select("m.room.message", ALICE, null, json("{}"), state)));
    }
}
