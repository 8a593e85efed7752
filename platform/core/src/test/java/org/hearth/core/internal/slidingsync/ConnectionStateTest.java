package org.hearth.core.internal.slidingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConnectionStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theMergedShapeSurvivesSaving() throws Exception {
        ConnectionState state = new ConnectionState();
        new SlidingSyncRequest("", null, 0, JSON.readTree("{\"lists\":{\"all\":{\"range\":[0,9],\"timeline_limit\":1,"
                + "\"required_state\":{\"include\":[{}],\"exclude\":[{\"type\":\"m.room.create\"}],\"lazy_members\":true}}}}"),
                false).applyTo(state);
        ConnectionState read = ConnectionState.fromJson(state.toJson());
        RequiredState wanted = read.lists.get("all").config().requiredState();
        assertTrue(wanted.wants("m.room.name", "", "@me:x"), state.toJson());
        assertFalse(wanted.wants("m.room.create", "", "@me:x"));
        assertEquals(state.toJson(), read.toJson());
    }

    @Test
    void todaysClientsKeepTheirListConfigWhenSendingOnlyRanges() throws Exception {
        ConnectionState state = new ConnectionState();
        new SlidingSyncRequest("", null, 0, JSON.readTree("{\"lists\":{\"a\":{\"ranges\":[[0,9]],\"timeline_limit\":3,"
                + "\"required_state\":[[\"*\",\"*\"]],\"filters\":{\"is_dm\":true}}},"
                + "\"room_subscriptions\":{\"!r:x\":{\"timeline_limit\":2}},\"extensions\":{\"e2ee\":{\"enabled\":true}}}"),
                true).applyTo(state);
        new SlidingSyncRequest("", "1", 0, JSON.readTree("{\"lists\":{\"a\":{\"ranges\":[[0,20]]}}}"), true).applyTo(state);
        ListConfig list = state.lists.get("a");
        assertEquals(3, list.config().timelineLimit());
        assertEquals(Boolean.TRUE, list.filters().isDm());
        assertEquals(20, list.ranges().get(0)[1]);
        assertTrue(state.subscriptions.containsKey("!r:x"));
        assertTrue(state.extensions.at("/e2ee/enabled").asBoolean());
        new SlidingSyncRequest("", "2", 0, JSON.readTree("{\"unsubscribe_rooms\":[\"!r:x\"]}"), true).applyTo(state);
        assertFalse(state.subscriptions.containsKey("!r:x"));
    }

    @Test
    void aStateThisVersionCannotReadIsNoState() {
        assertTrue(ConnectionState.read("{\"rooms\":{\"!r:x\":[1]}}").isEmpty());
        assertTrue(ConnectionState.read("not json").isEmpty());
        assertTrue(ConnectionState.read(new ConnectionState().toJson()).isPresent());
    }
}
