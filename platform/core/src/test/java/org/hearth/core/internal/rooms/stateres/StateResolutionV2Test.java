package org.hearth.core.internal.rooms.stateres;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.hearth.core.internal.rooms.auth.TestRoom.CHARLIE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.EventTypes;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.rooms.auth.TestRoom;
import org.hearth.core.internal.rooms.auth.TestSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Conflicts resolved by state resolution v2 (versions 2-11) and v2.1 (version 12). */
class StateResolutionV2Test {
    private static final StateTuple TOPIC = new StateTuple("m.room.topic", "");

    private static Map<StateTuple, String> resolve(TestRoom room, TestRoom... branches) {
        StateResolver resolver = StateResolvers.of(RoomVersions.byId(room.ruleSet().roomVersion()).orElseThrow(),
                new AuthRules(room.ruleSet(), new TestSignatures()));
        List<Map<StateTuple, String>> states = Arrays.stream(branches).map(TestRoom::stateIds).toList();
        Map<StateTuple, String> resolved = resolver.resolve(states, MapEvents.of(room.events()));
        List<Map<StateTuple, String>> reversed = new ArrayList<>(states);
        Collections.reverse(reversed);
        assertEquals(resolved, resolver.resolve(reversed, MapEvents.of(room.events())), "the order of the states");
        return resolved;
    }

    /** Power levels giving the users these levels; alice has 100 (or, in version 12, is the creator). */
    private static Pdu powerLevels(TestRoom room, String sender, String users, String extra) {
        String alice = room.ruleSet().creatorsHaveInfinitePower() ? "" : "'" + ALICE + "':100" + (users.isEmpty() ? "" : ",");
        return room.state(sender, EventTypes.POWER_LEVELS, "", "{'users':{" + alice + users + "}" + extra + "}");
    }

    /** Alice's room with bob as a moderator (level 50), plus any other power levels content. */
    private static TestRoom moderatedByBob(String version, String extraLevels) {
        TestRoom room = TestRoom.withBob(version);
        room.send(powerLevels(room, ALICE, "'" + BOB + "':50", extraLevels));
        return room;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "11", "12"})
    void aBanWinsTheRaceAgainstAJoin(String version) {
        TestRoom room = TestRoom.privateChat(version);
        room.send(room.state(ALICE, EventTypes.JOIN_RULES, "", "{'join_rule':'public'}"));
        TestRoom joining = room.fork();
        TestRoom banning = room.fork();
        joining.send(joining.member(BOB, BOB, "join"));
        Pdu ban = banning.send(banning.member(ALICE, BOB, "ban"));

        assertEquals(ban.eventId(), resolve(room, joining, banning).get(StateTuple.member(BOB)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "11", "12"})
    void aDemotionWinsTheRaceAgainstWhatTheDemotedUserDidMeanwhile(String version) {
        TestRoom room = moderatedByBob(version, "");
        TestRoom moderator = room.fork();
        TestRoom admin = room.fork();
        moderator.send(powerLevels(moderator, BOB, "'" + BOB + "':50,'" + CHARLIE + "':50", ""));
        moderator.send(moderator.state(BOB, "m.room.topic", "", "{'topic':'set by bob'}"));
        Pdu demotion = admin.send(powerLevels(admin, ALICE, "", ""));

        Map<StateTuple, String> resolved = resolve(room, moderator, admin);
        assertEquals(demotion.eventId(), resolved.get(StateTuple.POWER_LEVELS));
        assertFalse(resolved.containsKey(TOPIC), "bob's topic needs the level he lost");
    }

    @Test
    void theHigherPowerGoesFirstSoAnAllowedLowerPowerChangeLandsLast() {
        TestRoom room = moderatedByBob("11", ",'events':{'m.room.join_rules':50}");
        TestRoom moderator = room.fork();
        TestRoom admin = room.fork();
        Pdu bobs = moderator.send(moderator.state(BOB, EventTypes.JOIN_RULES, "", "{'join_rule':'knock'}"));
        admin.send(admin.state(ALICE, EventTypes.JOIN_RULES, "", "{'join_rule':'public'}"));

        assertEquals(bobs.eventId(), resolve(room, moderator, admin).get(StateTuple.JOIN_RULES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "11", "12"})
    void aTopicConflictIsBrokenByTheMainlineBeforeTheTimestamp(String version) {
        TestRoom room = moderatedByBob(version, "");
        TestRoom newer = room.fork();
        TestRoom older = room.fork();
        newer.send(powerLevels(newer, ALICE, "'" + BOB + "':50,'" + CHARLIE + "':10", ""));
        Pdu onNewerLevels = newer.send(newer.state(BOB, "m.room.topic", "", "{'topic':'first, on the new levels'}"));
        older.send(older.state(BOB, "m.room.topic", "", "{'topic':'later, on the old levels'}"));

        assertEquals(onNewerLevels.eventId(), resolve(room, newer, older).get(TOPIC));
    }

    @Test
    void onTheSameMainlinePositionTheLaterTopicWins() {
        TestRoom room = moderatedByBob("11", "");
        TestRoom alices = room.fork();
        TestRoom bobs = room.fork();
        alices.send(alices.state(ALICE, "m.room.topic", "", "{'topic':'first'}"));
        Pdu later = bobs.send(bobs.state(BOB, "m.room.topic", "", "{'topic':'later'}"));

        assertEquals(later.eventId(), resolve(room, alices, bobs).get(TOPIC));
    }

    @Test
    void statesWithoutConflictsAreTheirUnion() {
        TestRoom room = TestRoom.withBob("11");
        StateResolver resolver = StateResolutionV2.v2(new AuthRules(room.ruleSet(), new TestSignatures()));
        assertEquals(room.stateIds(), resolver.resolve(List.of(room.stateIds(), room.stateIds()), new MapEvents()));
    }

    /**
     * v2.1 starts from the empty state, so bob's topic is checked against its own auth events:
     * without his join, which was rejected, he is not in the room.
     */
    @Test
    void rejectedAuthEventsAreNotUsed() {
        TestRoom room = TestRoom.privateChat("12");
        room.send(powerLevels(room, ALICE, "'" + BOB + "':50", ""));
        room.send(room.member(ALICE, BOB, "invite"));
        Pdu join = room.send(room.member(BOB, BOB, "join"));
        room.send(room.state(BOB, "org.example.status", BOB, "{'status':'cites the join in both states'}"));
        TestRoom withTopic = room.fork();
        Pdu topic = withTopic.send(withTopic.state(BOB, "m.room.topic", "", "{'topic':'bob was here'}"));
        StateResolver resolver = StateResolutionV2.v21(new AuthRules(room.ruleSet(), new TestSignatures()));
        List<Map<StateTuple, String>> states = List.of(room.stateIds(), withTopic.stateIds());

        assertEquals(topic.eventId(), resolver.resolve(states, MapEvents.of(room.events())).get(TOPIC));
        MapEvents rejectingTheJoin = MapEvents.of(room.events()).reject(join);
        assertFalse(resolver.resolve(states, rejectingTheJoin).containsKey(TOPIC));
    }

    @Test
    void aMissingEventIsReported() {
        TestRoom room = TestRoom.withBob("11");
        TestRoom other = room.fork();
        Pdu topic = other.send(other.state(ALICE, "m.room.topic", "", "{'topic':'t'}"));
        MapEvents incomplete = new MapEvents().add(topic);
        StateResolver resolver = StateResolutionV2.v2(new AuthRules(room.ruleSet(), new TestSignatures()));
        MissingEventException missing = assertThrows(MissingEventException.class,
                () -> resolver.resolve(List.of(room.stateIds(), other.stateIds()), incomplete));
        assertFalse(missing.eventId().equals(topic.eventId()));
    }
}
