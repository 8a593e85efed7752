package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.rooms.auth.AuthRules;
import org.hearth.core.internal.rooms.auth.StateTuple;
import org.hearth.core.internal.rooms.auth.TestRoom;
import org.hearth.core.internal.rooms.auth.TestSignatures;
import org.junit.jupiter.api.Test;

/** Checks 4 to 6 of "Checks performed on receipt of a PDU": auth events, state before, current state. */
class ReceivedPduAuthTest {
    private static final ReceivedPduAuth AUTH = new ReceivedPduAuth(
            new AuthRules(RoomVersions.byId("10").orElseThrow().authRules(), new TestSignatures()));

    private static List<Pdu> authEvents(TestRoom room, Pdu event) {
        Map<String, Pdu> byId = new java.util.HashMap<>();
        room.events().forEach(e -> byId.put(e.eventId(), e));
        return event.authEvents().stream().map(byId::get).toList();
    }

    private static ReceivedPduAuth.Verdict check(TestRoom room, Pdu event, Map<StateTuple, Pdu> before,
                                                 Map<StateTuple, Pdu> current) {
        return AUTH.check(event, authEvents(room, event), null, Set.<String>of()::contains, before::get, current::get);
    }

    @Test
    void anEventAllowedEverywhereIsAccepted() {
        TestRoom room = TestRoom.withBob("10");
        Pdu message = room.message(TestRoom.BOB, "m.room.message", "{'body':'hi'}");
        assertEquals(EventPlacement.Status.ACCEPTED, check(room, message, room.state(), room.state()).status());
    }

    @Test
    void anEventFailingAuthAgainstItsAuthEventsIsRejected() {
        TestRoom room = TestRoom.privateChat("10");
        // Bob was never invited: his message names no membership of his
        Pdu message = room.message(TestRoom.BOB, "m.room.message", "{'body':'hi'}");
        ReceivedPduAuth.Verdict verdict = check(room, message, room.state(), room.state());
        assertEquals(EventPlacement.Status.REJECTED, verdict.status());
        assertTrue(verdict.reason().startsWith("against its auth events"), verdict.reason());
    }

    @Test
    void anAuthEventThatWasRejectedRejectsTheEvent() {
        TestRoom room = TestRoom.withBob("10");
        Pdu message = room.message(TestRoom.BOB, "m.room.message", "{'body':'hi'}");
        String bobsJoin = room.state().get(StateTuple.member(TestRoom.BOB)).eventId();
        ReceivedPduAuth.Verdict verdict = AUTH.check(message, authEvents(room, message), null, Set.of(bobsJoin)::contains,
                room.state()::get, room.state()::get);
        assertEquals(EventPlacement.Status.REJECTED, verdict.status());
        assertTrue(verdict.reason().contains("rejected"), verdict.reason());
    }

    @Test
    void anEventFailingAgainstTheStateBeforeItIsRejected() {
        TestRoom room = TestRoom.withBob("10");
        Map<StateTuple, Pdu> joined = Map.copyOf(room.state());
        Pdu message = room.message(TestRoom.BOB, "m.room.message", "{'body':'hi'}");
        room.send(room.member(TestRoom.ALICE, TestRoom.BOB, "ban"));
        // its auth events say bob is joined, but the state its prev_events lead to has him banned
        ReceivedPduAuth.Verdict verdict = check(room, message, room.state(), joined);
        assertEquals(EventPlacement.Status.REJECTED, verdict.status());
        assertTrue(verdict.reason().startsWith("against the state before it"), verdict.reason());
    }

    @Test
    void anEventFailingOnlyAgainstTheCurrentStateIsSoftFailed() {
        TestRoom room = TestRoom.withBob("10");
        TestRoom bobsSide = room.fork();
        Pdu message = bobsSide.message(TestRoom.BOB, "m.room.message", "{'body':'hi'}");
        room.send(room.member(TestRoom.ALICE, TestRoom.BOB, "ban"));
        ReceivedPduAuth.Verdict verdict = check(room, message, bobsSide.state(), room.state());
        assertEquals(EventPlacement.Status.SOFT_FAILED, verdict.status());
        assertTrue(verdict.reason().startsWith("against the current state"), verdict.reason());
    }

    @Test
    void anOutlierIsCheckedAgainstItsAuthEventsOnly() {
        TestRoom room = TestRoom.withBob("10");
        Pdu message = room.message(TestRoom.BOB, "m.room.message", "{'body':'hi'}");
        assertEquals(EventPlacement.Status.ACCEPTED,
                AUTH.check(message, authEvents(room, message), null, id -> false, null, null).status());
    }
}
