package org.hearth.core.internal.rooms.auth;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.MALLORY;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rule 1, m.room.create, and the room ID rule of room version 12. */
class CreateEventRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"})
    void aCreateEventWithoutPrevEventsIsAllowed(String version) {
        TestRoom room = TestRoom.empty(version);
        room.assertAllowed(room.create(ALICE, "{}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11", "12"})
    void rule1_1_aCreateEventHasNoPrevEvents(String version) {
        TestRoom room = TestRoom.empty(version);
        room.assertDenied(room.with(room.create(ALICE, "{}"), "{'prev_events':['$earlier']}"), "prev_events");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "11"})
    void rule1_2_theRoomIdDomainIsTheSenders(String version) {
        TestRoom room = TestRoom.empty(version);
        room.assertDenied(room.create(MALLORY, "{}"), "room ID domain");
    }

    @Test
    void rule1_2_v12_aCreateEventHasNoRoomId() {
        TestRoom room = TestRoom.empty("12");
        room.assertAllowed(room.create(MALLORY, "{}"));
        room.assertDenied(room.with(room.create(ALICE, "{}"), "{'room_id':'!room:example.com'}"), "must not have a room_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "12"})
    void rule1_3_theRoomVersionMustBeKnown(String version) {
        TestRoom room = TestRoom.empty(version);
        room.assertDenied(room.create(ALICE, "{'room_version':'13'}"), "unknown room version");
        room.assertDenied(room.create(ALICE, "{'room_version':11}"), "unknown room version");
    }

    @Test
    void rule1_4_untilVersion10TheCreatorIsRequired() {
        TestRoom v10 = TestRoom.empty("10");
        v10.assertDenied(v10.with(v10.create(ALICE, "{}"), "{'content':{'room_version':'10'}}"), "no creator");
        TestRoom v11 = TestRoom.empty("11");
        v11.assertAllowed(v11.create(ALICE, "{}"));
    }

    @Test
    void rule1_4_v12_additionalCreatorsAreUserIds() {
        TestRoom room = TestRoom.empty("12");
        room.assertAllowed(room.create(ALICE, "{'additional_creators':['@bob:example.com']}"));
        room.assertDenied(room.create(ALICE, "{'additional_creators':'@bob:example.com'}"), "additional_creators");
        room.assertDenied(room.create(ALICE, "{'additional_creators':[42]}"), "additional_creators");
        room.assertDenied(room.create(ALICE, "{'additional_creators':['bob']}"), "additional_creators");
        TestRoom v11 = TestRoom.empty("11");
        v11.assertAllowed(v11.create(ALICE, "{'additional_creators':'ignored before 12'}"));
    }

    @Test
    void rule2_v12_theRoomIdNamesTheCreateEvent() {
        TestRoom room = TestRoom.privateChat("12");
        room.assertAllowed(room.message(ALICE, "m.room.message", "{'body':'hi'}"));
        room.assertDenied(room.with(room.message(ALICE, "m.room.message", "{'body':'hi'}"), "{'room_id':'!other'}"),
                "does not name the create event");
    }
}
