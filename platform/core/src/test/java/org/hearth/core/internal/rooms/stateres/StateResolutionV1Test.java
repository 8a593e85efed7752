package org.hearth.core.internal.rooms.stateres;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
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

/** State resolution of room version 1. */
class StateResolutionV1Test {
    private static final StateTuple TOPIC = new StateTuple("m.room.topic", "");

    private static Map<StateTuple, String> resolve(TestRoom room, TestRoom... branches) {
        StateResolver resolver = StateResolvers.of(RoomVersions.V1,
                new AuthRules(room.ruleSet(), new TestSignatures()));
        List<Map<StateTuple, String>> states = Arrays.stream(branches).map(TestRoom::stateIds).toList();
        return resolver.resolve(states, MapEvents.of(room.events()));
    }

    private static TestRoom publicChat() {
        TestRoom room = TestRoom.privateChat("1");
        room.send(room.state(ALICE, EventTypes.JOIN_RULES, "", "{'join_rule':'public'}"));
        return room;
    }

    /** Alice sets the topic on a branch, at the given depth. */
    private static Pdu topic(TestRoom branch, String topic, int depth) {
        return branch.send(branch.with(branch.state(ALICE, "m.room.topic", "", "{'topic':'" + topic + "'}"),
                "{'depth':" + depth + "}"));
    }

    @Test
    void theDeeperTopicWins() {
        TestRoom room = publicChat();
        TestRoom shallow = room.fork();
        TestRoom deep = room.fork();
        Pdu deeper = topic(deep, "deep", 40);
        topic(shallow, "shallow", 30);

        assertEquals(deeper.eventId(), resolve(room, shallow, deep).get(TOPIC));
    }

    @Test
    void atTheSameDepthTheLowerSha1OfTheEventIdWins() {
        TestRoom room = publicChat();
        TestRoom one = room.fork();
        TestRoom two = room.fork();
        Pdu a = topic(one, "a", 30);
        Pdu b = topic(two, "b", 30);

        String lower = sha1(a.eventId()).compareTo(sha1(b.eventId())) < 0 ? a.eventId() : b.eventId();
        assertEquals(lower, resolve(room, one, two).get(TOPIC));
    }

    @Test
    void aBanWinsAgainstAJoinWhicheverCameFirst() {
        for (boolean joinFirst : new boolean[] {true, false}) {
            TestRoom room = publicChat();
            TestRoom joining = room.fork();
            TestRoom banning = room.fork();
            Pdu join = joining.member(BOB, BOB, "join");
            Pdu ban = banning.member(ALICE, BOB, "ban");
            joining.send(joining.with(join, "{'depth':" + (joinFirst ? 30 : 40) + "}"));
            banning.send(banning.with(ban, "{'depth':" + (joinFirst ? 40 : 30) + "}"));

            assertEquals(ban.eventId(), resolve(room, joining, banning).get(StateTuple.member(BOB)), "join first: " + joinFirst);
        }
    }

    @Test
    void aPowerLevelsChainStopsAtTheFirstEventNotAllowed() {
        TestRoom room = TestRoom.withBob("1");
        room.send(room.state(ALICE, EventTypes.POWER_LEVELS, "", "{'users':{'" + ALICE + "':100,'" + BOB + "':50}}"));
        TestRoom admin = room.fork();
        TestRoom moderator = room.fork();
        Pdu demotion = admin.send(admin.with(admin.state(ALICE, EventTypes.POWER_LEVELS, "",
                "{'users':{'" + ALICE + "':100}}"), "{'depth':30}"));
        moderator.send(moderator.with(moderator.state(BOB, EventTypes.POWER_LEVELS, "",
                "{'users':{'" + ALICE + "':100,'" + BOB + "':50},'events_default':10}"), "{'depth':40}"));

        assertEquals(demotion.eventId(), resolve(room, admin, moderator).get(StateTuple.POWER_LEVELS));
    }

    @Test
    void aKeyOnlySomeStatesHoldIsNotAConflict() {
        TestRoom room = publicChat();
        TestRoom withTopic = room.fork();
        Pdu topic = withTopic.send(withTopic.state(ALICE, "m.room.topic", "", "{'topic':'only here'}"));

        assertEquals(topic.eventId(), resolve(room, room, withTopic).get(TOPIC));
    }

    private static String sha1(String eventId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(eventId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
