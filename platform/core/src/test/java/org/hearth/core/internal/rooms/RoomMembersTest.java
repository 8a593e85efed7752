package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The membership push rules read, kept in memory and followed through member events. */
class RoomMembersTest {
    private static final String HERE = ":here.org";

    @Test
    void keepsTheCountAndTheJoinedLocalMembers() {
        RoomMembers members = RoomMembers.of(2, Map.of("@a:here.org", "join", "@c:here.org", "invite",
                "@d:here.org", "leave"));
        assertEquals(2, members.joined());
        assertEquals(Set.of("@a:here.org"), members.localJoined());
    }

    @Test
    void followsJoinsAndLeavesWithoutChangingTheEarlierOne() {
        RoomMembers before = RoomMembers.of(1, Map.of("@a:here.org", "join"));
        RoomMembers joined = before.with("@c:here.org", "invite", "join", HERE)
                .with("@b:there.org", "leave", "join", HERE);
        assertEquals(3, joined.joined());
        assertEquals(Set.of("@a:here.org", "@c:here.org"), joined.localJoined());
        assertEquals(1, before.joined());
        RoomMembers left = joined.with("@a:here.org", "join", "ban", HERE).with("@b:there.org", "join", "leave", HERE);
        assertEquals(1, left.joined());
        assertEquals(Set.of("@c:here.org"), left.localJoined());
    }

    @Test
    void aChangeThatKeepsTheMemberInOrOutChangesNothing() {
        RoomMembers members = RoomMembers.of(1, Map.of("@a:here.org", "join"));
        assertSame(members, members.with("@a:here.org", "join", "join", HERE)); // a display name change
        assertSame(members, members.with("@e:here.org", "leave", "invite", HERE));
    }
}
