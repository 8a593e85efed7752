package org.hearth.core.internal.slidingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeldStatesTest {
    private final HeldStates held = new HeldStates(1_000);

    @Test
    void aSaveDropsWhatTheStoreDropsAndKeepsTheStateContinuedFrom() {
        held.saved("@a:x", "D", "c", 1, state(1), 10, 1);
        held.saved("@a:x", "D", "c", 2, state(1), 20, 1);
        assertTrue(held.get("@a:x", "D", "c", 1).isPresent(), "a retried request may use pos 1");
        held.saved("@a:x", "D", "c", 3, state(1), 30, 2);
        assertTrue(held.get("@a:x", "D", "c", 1).isEmpty(), "the store dropped pos 1");
        assertEquals(20, held.get("@a:x", "D", "c", 2).orElseThrow().savedAt());
        assertTrue(held.get("@a:x", "D", "c", 3).isPresent());
        assertTrue(held.get("@a:x", "D", "other", 3).isEmpty());
        assertTrue(held.get("@b:x", "D", "c", 3).isEmpty());
    }

    @Test
    void aStateReadFromTheStoreIsHeldUnlessTheConnectionMovedPastIt() {
        ConnectionState read = state(2);
        held.read("@a:x", "D", "c", 4, read, 40);
        assertSame(read, held.get("@a:x", "D", "c", 4).orElseThrow().state());
        held.saved("@a:x", "D", "c", 6, state(1), 60, 5);
        held.read("@a:x", "D", "c", 5, state(1), 50);
        assertTrue(held.get("@a:x", "D", "c", 5).isEmpty(), "read before pos 6 was saved, which may have dropped it");
    }

    @Test
    void startingAConnectionOverForgetsTheDevicesConnections() {
        held.saved("@a:x", "D", "c", 1, state(1), 10, 1);
        held.saved("@a:x", "D", "d", 1, state(1), 10, 1);
        held.saved("@a:x", "E", "c", 1, state(1), 10, 1);
        held.dropDevice("@a:x", "D");
        assertTrue(held.get("@a:x", "D", "c", 1).isEmpty());
        assertTrue(held.get("@a:x", "D", "d", 1).isEmpty());
        assertTrue(held.get("@a:x", "E", "c", 1).isPresent());
    }

    @Test
    void theDevicesUsedLeastLatelyGoBeyondTheRoomsHeld() {
        for (int i = 0; i < 100; i++) {
            held.saved("@u" + i + ":x", "D", "c", 1, state(100), 10, 1);
        }
        int kept = 0;
        for (int i = 0; i < 100; i++) {
            kept += held.get("@u" + i + ":x", "D", "c", 1).isPresent() ? 1 : 0;
        }
        assertTrue(kept <= 10, kept + " states of 100 rooms held within 1,000 rooms");
    }

    private static ConnectionState state(int rooms) {
        ConnectionState state = new ConnectionState();
        for (int i = 0; i < rooms; i++) {
            state.rooms.put("!r" + i + ":x", new ConnectionState.SentRoom(1, "join", null, 1, 0, false));
        }
        return state;
    }
}
