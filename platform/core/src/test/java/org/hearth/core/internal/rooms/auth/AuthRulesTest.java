package org.hearth.core.internal.rooms.auth;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.hearth.core.internal.rooms.auth.TestRoom.MALLORY;

import org.hearth.core.internal.event.Pdu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules for every event type: 3, 5 to 8, 10, the aliases rule of 1-5 and the redaction rule of 1-2. */
class AuthRulesTest {

    @Test
    void withoutACreateEventNothingIsAllowed() {
        TestRoom room = TestRoom.empty("11");
        room.assertDenied(room.member(ALICE, ALICE, "join"), "no m.room.create");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule3_aRoomThatDoesNotFederateKeepsOtherServersOut(String version) {
        TestRoom room = TestRoom.created(version, ALICE, "{'m.federate':false}");
        room.send(room.member(ALICE, ALICE, "join"));
        room.send(room.state(ALICE, EventTypes.JOIN_RULES, "", "{'join_rule':'public'}"));
        room.assertDenied(room.member(MALLORY, MALLORY, "join"), "does not federate");
        room.assertAllowed(room.member(BOB, BOB, "join"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule5_theSenderMustBeJoined(String version) {
        TestRoom room = TestRoom.privateChat(version);
        room.assertDenied(room.message(BOB, "m.room.message", "{'body':'hi'}"), "sender is not joined");
        room.assertAllowed(room.message(ALICE, "m.room.message", "{'body':'hi'}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule6_thirdPartyInvitesNeedTheInviteLevel(String version) {
        TestRoom room = TestRoom.withBob(version);
        Pdu invite = room.state(BOB, EventTypes.THIRD_PARTY_INVITE, "tok", "{'public_key':'KEY'}");
        room.assertAllowed(invite);
        String levels = room.ruleSet().creatorsHaveInfinitePower() ? "{'invite':10}" : "{'users':{'" + ALICE + "':100},'invite':10}";
        room.send(room.state(ALICE, EventTypes.POWER_LEVELS, "", levels));
        room.assertDenied(room.state(BOB, EventTypes.THIRD_PARTY_INVITE, "tok", "{'public_key':'KEY'}"), "invite level");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule7_theEventTypeRequiresItsPowerLevel(String version) {
        TestRoom room = TestRoom.withBob(version);
        room.assertDenied(room.state(BOB, "m.room.topic", "", "{'topic':'mine'}"), "required for m.room.topic");
        room.assertAllowed(room.state(ALICE, "m.room.topic", "", "{'topic':'mine'}"));
        room.assertAllowed(room.message(BOB, "m.room.message", "{'body':'hi'}"));
        String users = room.ruleSet().creatorsHaveInfinitePower() ? "" : "'users':{'" + ALICE + "':100},";
        room.send(room.state(ALICE, EventTypes.POWER_LEVELS, "", "{" + users + "'events':{'m.room.message':10}}"));
        room.assertDenied(room.message(BOB, "m.room.message", "{'body':'hi'}"), "required for m.room.message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule8_aStateKeyThatIsAUserIdBelongsToThatUser(String version) {
        TestRoom room = TestRoom.withBob(version);
        room.assertDenied(room.state(ALICE, "org.example.status", BOB, "{}"), "belongs to another user");
        room.assertAllowed(room.state(ALICE, "org.example.status", ALICE, "{}"));
    }

    @Test
    void rule4_untilVersion5AliasesNeedOnlyTheSendersDomain() {
        TestRoom v5 = TestRoom.privateChat("5");
        v5.assertAllowed(v5.state(MALLORY, EventTypes.ALIASES, "elsewhere.example", "{'aliases':['#a:elsewhere.example']}"));
        v5.assertDenied(v5.state(MALLORY, EventTypes.ALIASES, "example.com", "{'aliases':[]}"), "sender's domain");
        TestRoom v6 = TestRoom.privateChat("6");
        v6.assertDenied(v6.state(MALLORY, EventTypes.ALIASES, "elsewhere.example", "{'aliases':[]}"), "not joined");
    }

    /** Mallory from elsewhere.example joins alice's room, where alice has sent a message. */
    private static TestRoom withMallory(String version) {
        TestRoom room = TestRoom.privateChat(version);
        room.send(room.member(ALICE, MALLORY, "invite"));
        room.send(room.member(MALLORY, MALLORY, "join"));
        return room;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void rule11_untilVersion2RedactionsNeedTheRedactLevelOrTheSameServer(String version) {
        TestRoom room = withMallory(version);
        Pdu alices = room.send(room.message(ALICE, "m.room.message", "{'body':'hi'}"));
        Pdu mallorys = room.send(room.message(MALLORY, "m.room.message", "{'body':'hi'}"));
        Pdu foreign = room.with(room.message(MALLORY, EventTypes.REDACTION, "{}"), "{'redacts':'" + alices.eventId() + "'}");
        room.assertDenied(foreign, "redact level");
        room.assertAllowed(room.with(room.message(MALLORY, EventTypes.REDACTION, "{}"), "{'redacts':'" + mallorys.eventId() + "'}"));
        room.assertAllowed(room.with(room.message(ALICE, EventTypes.REDACTION, "{}"), "{'redacts':'" + mallorys.eventId() + "'}"));
    }

    @Test
    void fromVersion3RedactionsAreLikeAnyEvent() {
        TestRoom v3 = withMallory("3");
        Pdu alices = v3.send(v3.message(ALICE, "m.room.message", "{'body':'hi'}"));
        v3.assertAllowed(v3.with(v3.message(MALLORY, EventTypes.REDACTION, "{}"), "{'redacts':'" + alices.eventId() + "'}"));
        TestRoom v11 = withMallory("11");
        Pdu inV11 = v11.send(v11.message(ALICE, "m.room.message", "{'body':'hi'}"));
        Pdu redaction = v11.message(MALLORY, EventTypes.REDACTION, "{'redacts':'" + inV11.eventId() + "'}");
        v11.assertAllowed(redaction);
        v11.send(v11.state(ALICE, EventTypes.POWER_LEVELS, "", "{'users':{'" + ALICE + "':100},'events':{'m.room.redaction':50}}"));
        v11.assertDenied(v11.message(MALLORY, EventTypes.REDACTION, "{'redacts':'" + inV11.eventId() + "'}"),
                "required for m.room.redaction");
    }
}
