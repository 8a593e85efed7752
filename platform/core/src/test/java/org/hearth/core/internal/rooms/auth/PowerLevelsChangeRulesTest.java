package org.hearth.core.internal.rooms.auth;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.hearth.core.internal.rooms.auth.TestRoom.CHARLIE;

import org.hearth.core.internal.event.Pdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule 9, m.room.power_levels (numbered as in room version 11; 10 in versions 1-5 and 12). */
class PowerLevelsChangeRulesTest {

    private static Pdu levels(TestRoom room, String sender, String content) {
        return room.state(sender, EventTypes.POWER_LEVELS, "", content);
    }

    /** Alice's power levels giving her 100, plus {@code extra} members of the content. */
    private static Pdu byAlice(TestRoom room, String extra) {
        return levels(room, ALICE, "{'users':{'" + ALICE + "':100}" + extra + "}");
    }

    /** Alice 100, bob 50 (a moderator), charlie joined at 0 or as given, in a version 11 room. */
    private static TestRoom moderated(String version, String extra) {
        TestRoom room = TestRoom.withBob(version);
        room.send(room.member(ALICE, CHARLIE, "invite"));
        room.send(room.member(CHARLIE, CHARLIE, "join"));
        room.send(levels(room, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':50" + extra + "}}"));
        return room;
    }

    @Test
    void rule9_1_fromVersion10TopLevelValuesAreIntegers() {
        TestRoom v10 = TestRoom.privateChat("10");
        v10.assertDenied(byAlice(v10, ",'ban':'50'"), "ban must be an integer");
        v10.assertDenied(byAlice(v10, ",'kick':null"), "kick must be an integer");
        TestRoom v9 = TestRoom.privateChat("9");
        v9.assertAllowed(byAlice(v9, ",'ban':' +50 '"));
    }

    @Test
    void rule9_2_fromVersion10EventsAndNotificationsMapToIntegers() {
        TestRoom v10 = TestRoom.privateChat("10");
        v10.assertDenied(byAlice(v10, ",'events':{'m.room.name':'50'}"), "events must map");
        v10.assertDenied(byAlice(v10, ",'notifications':{'room':'50'}"), "notifications must map");
        v10.assertDenied(byAlice(v10, ",'events':[]"), "events must map");
        TestRoom v9 = TestRoom.privateChat("9");
        v9.assertAllowed(byAlice(v9, ",'events':{'m.room.name':'50'}"));
    }

    @Test
    void rule9_3_usersMapsUserIdsToLevelsAsTheVersionWritesThem() {
        TestRoom v11 = TestRoom.privateChat("11");
        v11.assertDenied(levels(v11, ALICE, "{'users':{'" + ALICE + "':100,'bob':50}}"), "invalid user ID bob");
        v11.assertDenied(levels(v11, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':'50'}}"), "users must map");
        v11.assertDenied(levels(v11, ALICE, "{'users':[]}"), "users must map");
        TestRoom v9 = TestRoom.privateChat("9");
        v9.assertAllowed(levels(v9, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':'050'}}"));
        v9.assertDenied(levels(v9, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':50.5}}"), "users must map");
        v9.assertDenied(levels(v9, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':'5O'}}"), "users must map");
        TestRoom v5 = TestRoom.privateChat("5");
        v5.assertAllowed(levels(v5, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':50.5}}"));
    }

    @Test
    void rule10_4_v12_theCreatorsAreNeverListed() {
        TestRoom room = TestRoom.created("12", ALICE, "{'additional_creators':['" + CHARLIE + "']}");
        room.send(room.member(ALICE, ALICE, "join"));
        room.assertDenied(levels(room, ALICE, "{'users':{'" + ALICE + "':100}}"), "room creator " + ALICE);
        room.assertDenied(levels(room, ALICE, "{'users':{'" + CHARLIE + "':100}}"), "room creator " + CHARLIE);
        room.assertAllowed(levels(room, ALICE, "{'users':{'" + BOB + "':100}}"));
    }

    @Test
    void rule9_4_theFirstPowerLevelsEventSetsAnything() {
        TestRoom room = TestRoom.created("11", ALICE, "{}");
        room.send(room.member(ALICE, ALICE, "join"));
        room.assertAllowed(levels(room, ALICE, "{'users':{'" + ALICE + "':1000},'ban':1000,'events':{'m.room.name':1000}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11"})
    void rule9_5_topLevelValuesChangeOnlyUpToTheSendersLevel(String version) {
        TestRoom room = moderated(version, "");
        room.assertDenied(levels(room, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':50},'ban':101}"), "set ban to 101");
        room.send(levels(room, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':50},'kick':75}"));
        room.assertDenied(levels(room, BOB, "{'users':{'" + ALICE + "':100,'" + BOB + "':50}}"), "change kick from 75");
        room.assertAllowed(levels(room, BOB, "{'users':{'" + ALICE + "':100,'" + BOB + "':50},'kick':75,'invite':50}"));
    }

    @Test
    void rule9_6_and9_7_eventLevelsChangeOnlyUpToTheSendersLevel() {
        TestRoom room = moderated("11", "");
        String users = "'users':{'" + ALICE + "':100,'" + BOB + "':50}";
        room.send(levels(room, ALICE, "{" + users + ",'events':{'m.room.name':100}}"));
        room.assertDenied(levels(room, BOB, "{" + users + ",'events':{}}"), "change events.m.room.name from 100");
        room.assertDenied(levels(room, BOB, "{" + users + ",'events':{'m.room.name':100,'m.room.topic':60}}"),
                "set events.m.room.topic to 60");
        room.assertAllowed(levels(room, BOB, "{" + users + ",'events':{'m.room.name':100,'m.room.topic':40}}"));
    }

    @Test
    void rule9_6_notificationsAreGuardedFromVersion6() {
        for (String version : new String[] {"5", "6"}) {
            TestRoom room = moderated(version, "");
            String users = "'users':{'" + ALICE + "':100,'" + BOB + "':50}";
            room.send(levels(room, ALICE, "{" + users + ",'notifications':{'room':75}}"));
            Pdu lowered = levels(room, BOB, "{" + users + ",'notifications':{'room':0}}");
            if (version.equals("5")) {
                room.assertAllowed(lowered);
            } else {
                room.assertDenied(lowered, "change notifications.room from 75");
            }
        }
    }

    @Test
    void rule9_8_anotherUsersEntryChangesOnlyBelowTheSendersLevel() {
        TestRoom room = moderated("11", ",'" + CHARLIE + "':50");
        room.assertDenied(levels(room, BOB, "{'users':{'" + ALICE + "':100,'" + BOB + "':50}}"), "change users.@charlie");
        room.assertAllowed(levels(room, BOB, "{'users':{'" + ALICE + "':100,'" + CHARLIE + "':50}}"));
        TestRoom lower = moderated("11", ",'" + CHARLIE + "':40");
        lower.assertAllowed(levels(lower, BOB, "{'users':{'" + ALICE + "':100,'" + BOB + "':50}}"));
    }

    @Test
    void rule9_9_nobodyRaisesAUserAboveThemselves() {
        TestRoom room = moderated("11", "");
        room.assertDenied(levels(room, BOB, "{'users':{'" + ALICE + "':100,'" + BOB + "':50,'" + CHARLIE + "':60}}"),
                "set users.@charlie:example.com to 60");
        room.assertAllowed(levels(room, BOB, "{'users':{'" + ALICE + "':100,'" + BOB + "':50,'" + CHARLIE + "':50}}"));
    }

    @Test
    void v12_creatorsOutrankAnyLevel() {
        TestRoom v12 = TestRoom.withBob("12");
        v12.send(levels(v12, ALICE, "{'users':{'" + BOB + "':9000}}"));
        v12.assertAllowed(v12.member(ALICE, BOB, "ban"));
        v12.assertAllowed(levels(v12, ALICE, "{'users':{'" + BOB + "':0},'ban':100000}"));
        v12.assertDenied(v12.member(BOB, ALICE, "ban"), "may not ban");
        TestRoom v11 = TestRoom.withBob("11");
        v11.force(levels(v11, ALICE, "{'users':{'" + ALICE + "':100,'" + BOB + "':9000}}"));
        v11.assertDenied(v11.member(ALICE, BOB, "ban"), "may not ban");
        v11.assertAllowed(v11.member(BOB, ALICE, "ban"));
    }

    @Test
    void v12_additionalCreatorsAreCreatorsToo() {
        TestRoom room = TestRoom.created("12", ALICE, "{'additional_creators':['" + BOB + "']}");
        room.send(room.member(ALICE, ALICE, "join"));
        room.send(levels(room, ALICE, "{'users':{},'invite':50}"));
        room.send(room.state(ALICE, EventTypes.JOIN_RULES, "", "{'join_rule':'invite'}"));
        room.send(room.member(ALICE, BOB, "invite"));
        room.send(room.member(BOB, BOB, "join"));
        room.assertAllowed(room.member(BOB, CHARLIE, "invite"));
        room.assertDenied(room.member(BOB, ALICE, "leave"), "may not kick");
        room.assertDenied(room.member(ALICE, BOB, "ban"), "may not ban");
    }
}
