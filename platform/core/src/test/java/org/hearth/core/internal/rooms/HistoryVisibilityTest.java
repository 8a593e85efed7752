package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.hearth.core.internal.rooms.HistoryVisibility.Change;
import org.junit.jupiter.api.Test;

/**
 * The history visibility rules (Client-Server API, "History visibility"), on rooms written as
 * stream positions: position n is one event; the visibility and membership changes say which
 * positions are m.room.history_visibility and bob's m.room.member events.
 */
class HistoryVisibilityTest {
    private static final String BOB = "@bob:example.org";

    /** The positions 1..last bob sees; the change events are typed as such, the others are messages. */
    private static List<Long> seen(List<Change> visibility, List<Change> bob, long last) {
        HistoryVisibility rules = HistoryVisibility.of(visibility, BOB, bob);
        return visible(rules, visibility, bob, last);
    }

    private static List<Long> visible(HistoryVisibility rules, List<Change> visibility, List<Change> bob, long last) {
        List<Long> seen = new ArrayList<>();
        for (long p = 1; p <= last; p++) {
            long position = p;
            String type = "m.room.message";
            String stateKey = null;
            if (visibility.stream().anyMatch(c -> c.position() == position)) {
                type = "m.room.history_visibility";
                stateKey = "";
            } else if (bob.stream().anyMatch(c -> c.position() == position)) {
                type = "m.room.member";
                stateKey = BOB;
            }
            if (rules.allows(p, type, stateKey)) {
                seen.add(p);
            }
        }
        return seen;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static List<Change> changes(Object... positionsAndValues) {
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < positionsAndValues.length; i += 2) {
            out.add(new Change(((Number) positionsAndValues[i]).longValue(), (String) positionsAndValues[i + 1]));
        }
        return out;
    }

    @Test
    void sharedShowsEverythingBeforeTheJoinAndNothingAfterLeaving() {
        List<Change> visibility = changes(2, "shared");
        List<Change> bob = changes(10, "join", 15, "leave");
        List<Long> expected = new ArrayList<>(range(1, 15));
        assertEquals(expected, seen(visibility, bob, 20));
        HistoryVisibility rules = HistoryVisibility.of(visibility, BOB, bob);
        assertEquals(HistoryVisibility.FIRST_POSITION, rules.lowest());
        assertEquals(15, rules.highest());
    }

    @Test
    void historyBackfilledBelowZeroFollowsTheRulesToo() {
        // fetched from another server: a join, a change to joined, messages, all below the stream's 0
        List<Change> visibility = changes(-8, "shared", -4, "joined");
        List<Change> bob = changes(-6, "join", 10, "leave");
        HistoryVisibility rules = HistoryVisibility.of(visibility, BOB, bob);
        assertTrue(rules.allows(-9, "m.room.message", null), "shared before the join: shown to who joined later");
        assertTrue(rules.allows(-5, "m.room.message", null), "joined at the time");
        assertFalse(rules.allows(11, "m.room.message", null), "after leaving");
        HistoryVisibility stranger = HistoryVisibility.of(visibility, BOB, changes(20, "join"));
        assertTrue(stranger.allows(-7, "m.room.message", null), "shared then, and joined later");
        assertFalse(stranger.allows(-3, "m.room.message", null), "joined-only then, and not joined");
    }

    @Test
    void aMissingOrUnknownVisibilityIsShared() {
        List<Change> bob = changes(10, "join");
        assertEquals(range(1, 12), seen(List.of(), bob, 12));
        assertEquals(range(1, 12), seen(changes(2, "m.something_else"), bob, 12));
        assertEquals(Long.MAX_VALUE, HistoryVisibility.of(List.of(), BOB, bob).highest());
    }

    @Test
    void joinedShowsFromTheJoinToTheLeave() {
        List<Change> visibility = changes(3, "joined");
        List<Change> bob = changes(10, "join", 15, "leave");
        // 1-3: shared until the change, and bob joined later; the change itself shows (shared before it)
        List<Long> expected = new ArrayList<>(range(1, 3));
        expected.addAll(range(10, 15)); // the join, what he saw joined, his own leave
        assertEquals(expected, seen(visibility, bob, 20));
        assertEquals(List.of(new HistoryVisibility.Interval(HistoryVisibility.FIRST_POSITION, 3), new HistoryVisibility.Interval(10, 15)),
                HistoryVisibility.of(visibility, BOB, bob).intervals());
    }

    @Test
    void invitedShowsFromTheInvite() {
        List<Change> visibility = changes(3, "invited");
        List<Change> bob = changes(8, "invite", 10, "join");
        List<Long> expected = new ArrayList<>(range(1, 3)); // shared up to the change, which shows too
        expected.addAll(range(8, 12));
        assertEquals(expected, seen(visibility, bob, 12));
        assertEquals(List.of(new HistoryVisibility.Interval(HistoryVisibility.FIRST_POSITION, 3), new HistoryVisibility.Interval(8, Long.MAX_VALUE)),
                HistoryVisibility.of(visibility, BOB, bob).intervals(), "4 to 7 is never read");
    }

    @Test
    void worldReadableNeedsNoMembershipAndOnlyWhileItLasts() {
        List<Change> visibility = changes(2, "world_readable", 6, "shared");
        assertEquals(range(2, 6), seen(visibility, List.of(), 10), "the change back shows: world_readable before it");
        HistoryVisibility rules = HistoryVisibility.of(visibility, BOB, List.of());
        assertEquals(2, rules.lowest());
        assertEquals(6, rules.highest());
    }

    @Test
    void someoneWhoRejectedAnInviteSeesNothing() {
        List<Change> bob = changes(8, "invite", 9, "leave");
        for (String visibility : List.of("shared", "invited", "joined")) {
            List<Change> changes = changes(1, visibility);
            assertEquals(List.of(), seen(changes, bob, 12), visibility);
            HistoryVisibility rules = HistoryVisibility.of(changes, BOB, bob);
            assertEquals(-1, rules.highest(), visibility);
            assertEquals(Long.MAX_VALUE, rules.lowest(), visibility);
        }
    }

    @Test
    void onlyTheVisibilityChangesOnBoundariesShow() {
        // SyTest "Only see history_visibility changes on boundaries": joined, 1, invited, 2, shared, 3, bob joins
        List<Change> visibility = changes(1, "joined", 3, "invited", 5, "shared");
        List<Change> bob = changes(7, "join");
        assertEquals(List.of(1L, 5L, 6L, 7L), seen(visibility, bob, 7));
    }

    @Test
    void aServerSeesWhatAnyOfItsUsersSees() {
        List<Change> visibility = changes(1, "joined");
        Map<String, List<Change>> users = new LinkedHashMap<>();
        users.put("@bob:example.org", changes(5, "join", 8, "leave"));
        users.put("@carol:example.org", changes(10, "join"));
        HistoryVisibility rules = HistoryVisibility.anyOf(visibility, users);

        assertTrue(rules.allows(1, "m.room.history_visibility", ""));
        assertFalse(rules.allows(3, "m.room.message", null));
        assertTrue(rules.allows(6, "m.room.message", null));
        assertFalse(rules.allows(9, "m.room.message", null));
        assertTrue(rules.allows(12, "m.room.message", null));
        assertTrue(rules.allows(8, "m.room.member", "@bob:example.org"), "bob's own leave");
        assertEquals(Long.MAX_VALUE, rules.highest());
        assertFalse(HistoryVisibility.anyOf(visibility, Map.of()).allows(2, "m.room.message", null),
                "a server without users in the room");
    }

    @Test
    void theServerItselfSeesEverything() {
        assertTrue(HistoryVisibility.EVERYTHING.allows(5, "m.room.message", null));
        assertEquals(HistoryVisibility.FIRST_POSITION, HistoryVisibility.EVERYTHING.lowest());
        assertEquals(Long.MAX_VALUE, HistoryVisibility.EVERYTHING.highest());
    }
}
