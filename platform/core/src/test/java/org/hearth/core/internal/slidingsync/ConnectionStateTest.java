package org.hearth.core.internal.slidingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    @Test
    void roomsSentUpToTheEventPositionMoveOnWithIt() throws Exception {
        ConnectionState state = new ConnectionState();
        new SlidingSyncRequest("", null, 0, JSON.readTree("{\"lists\":{\"all\":{\"ranges\":[[0,9]],\"timeline_limit\":1}}}"),
                true).applyTo(state);
        RoomConfig config = state.lists.get("all").config();
        state.events = 10;
        state.rooms.put("!a:x", new ConnectionState.SentRoom(10, "join", config, 2, 0, false));
        state.rooms.put("!b:x", new ConnectionState.SentRoom(5, "join", config, 1, 0, false));
        String saved = state.toJson();

        // The answer after new events in !a:x: only the event position differs...
        ConnectionState next = ConnectionState.fromJson(saved);
        next.rooms.put("!a:x", next.rooms.get("!a:x").at(20, config));
        next.events = 20;
        assertTrue(next.movedOnFrom(state));
        assertNotEquals(state.toJson(), next.toJson());
        // ...so the saved state moved on to 20 stands for it: !b:x stays where it was.
        ConnectionState moved = ConnectionState.fromJson(saved);
        moved.at(20);
        assertEquals(next.toJson(), moved.toJson());
        assertEquals(20, moved.rooms.get("!a:x").upTo());
        assertEquals(5, moved.rooms.get("!b:x").upTo());
        // A room moved on while out of the window, a new list count: a state to save.
        ConnectionState other = ConnectionState.fromJson(next.toJson());
        other.rooms.put("!b:x", other.rooms.get("!b:x").at(15, config));
        assertFalse(other.movedOnFrom(state));
        ConnectionState counted = ConnectionState.fromJson(next.toJson());
        counted.listCounts.put("all", 3);
        assertFalse(counted.movedOnFrom(state));
    }

    @Test
    void aCopyIsTheSameStateAndChangesAlone() throws Exception {
        ConnectionState state = new ConnectionState();
        new SlidingSyncRequest("", null, 0, JSON.readTree("{\"lists\":{\"all\":{\"ranges\":[[0,9]],\"timeline_limit\":1}},"
                + "\"extensions\":{\"to_device\":{\"enabled\":true,\"since\":\"5\"}}}"), true).applyTo(state);
        state.events = 7;
        state.rooms.put("!a:x", new ConnectionState.SentRoom(7, "join", state.lists.get("all").config(), 1, 0, false));
        String saved = state.toJson();
        ConnectionState copy = state.copy();
        assertEquals(saved, copy.toJson());
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.extensions.get("to_device")).remove("since");
        copy.rooms.put("!b:x", copy.rooms.get("!a:x"));
        copy.listCounts.put("all", 2);
        copy.events = 9;
        assertEquals(saved, state.toJson(), "the original stays as it was");
    }
}
