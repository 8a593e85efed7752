package org.hearth.core.internal.rooms.auth;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.hearth.core.internal.event.Pdu;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule 2 of versions 1-11 (3 in version 12): the event's own auth events. */
class AuthEventsCheckTest {
    private static final Predicate<String> NONE_REJECTED = id -> false;

    private static List<Pdu> authEventsOf(TestRoom room, Pdu event) {
        List<Pdu> auth = new ArrayList<>();
        room.state().values().stream().filter(e -> event.authEvents().contains(e.eventId())).forEach(auth::add);
        return auth;
    }

    private static void assertDenied(AuthVerdict verdict, String because) {
        AuthVerdict.Deny deny = assertInstanceOf(AuthVerdict.Deny.class, verdict);
        assertTrue(deny.reason().contains(because), deny.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void theSelectedAuthEventsPass(String version) {
        TestRoom room = TestRoom.withBob(version);
        Pdu message = room.message(BOB, "m.room.message", "{'body':'hi'}");
        List<Pdu> auth = authEventsOf(room, message);
        assertEquals(room.ruleSet().roomIdIsCreateEventId() ? 2 : 3, auth.size());
        assertEquals(AuthVerdict.ALLOW, new AuthEventsCheck(room.ruleSet()).check(message, auth, NONE_REJECTED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rules2_1To2_5(String version) {
        TestRoom room = TestRoom.withBob(version);
        AuthEventsCheck check = new AuthEventsCheck(room.ruleSet());
        Pdu message = room.message(BOB, "m.room.message", "{'body':'hi'}");
        List<Pdu> auth = authEventsOf(room, message);
        Pdu bobsJoin = room.state().get(StateTuple.member(BOB));
        Pdu alicesJoin = room.state().get(StateTuple.member(ALICE));

        // 2.1
        Pdu otherBobJoin = room.member(BOB, BOB, "join");
        List<Pdu> twice = new ArrayList<>(auth);
        twice.add(otherBobJoin);
        assertDenied(check.check(message, twice, NONE_REJECTED), "two auth events");
        // 2.2
        List<Pdu> extra = new ArrayList<>(auth);
        extra.add(alicesJoin);
        assertDenied(check.check(message, extra, NONE_REJECTED), "not one the event needs");
        // 2.3
        assertDenied(check.check(message, auth, bobsJoin.eventId()::equals), "was rejected");
        // 2.4 (1-11); in 12, 3.2 forbids citing the create event
        Pdu create = room.state().get(StateTuple.CREATE);
        List<Pdu> withoutCreate = new ArrayList<>(auth);
        withoutCreate.remove(create);
        if (room.ruleSet().roomIdIsCreateEventId()) {
            List<Pdu> withCreate = new ArrayList<>(auth);
            withCreate.add(create);
            assertDenied(check.check(message, withCreate, NONE_REJECTED), "not one the event needs");
        } else {
            assertDenied(check.check(message, withoutCreate, NONE_REJECTED), "no m.room.create");
        }
        // 2.5
        List<Pdu> foreign = new ArrayList<>(auth);
        foreign.replaceAll(e -> e.equals(bobsJoin) ? room.with(bobsJoin, "{'room_id':'!elsewhere:example.com'}") : e);
        assertDenied(check.check(message, foreign, NONE_REJECTED), "from another room");
    }
}
