package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.hearth.api.id.UserId;
import org.junit.jupiter.api.Test;

/** Who a group room adds and removes. */
class RoomPlanTest {
    private static final UserId MANAGER = Logins.user("admin");
    private static final UserId ALICE = Logins.user("alice");
    private static final UserId BOB = Logins.user("bob");
    private static final UserId CAROL = Logins.user("carol");
    private static final UserId LOCAL = Logins.user("local");

    @Test
    void membersNotJoinedAreInvitedThenJoin() {
        RoomPlan plan = RoomPlan.of(Set.of(ALICE, BOB, CAROL), Set.of(ALICE, BOB, CAROL), Set.of(MANAGER, ALICE),
                Set.of(BOB), MANAGER);
        assertEquals(Set.of(CAROL), plan.invite(), "bob holds an invite already");
        assertEquals(Set.of(BOB, CAROL), plan.join());
        assertEquals(Set.of(), plan.kick());
    }

    @Test
    void linkedAccountsOutOfTheGroupAreKickedWhetherJoinedOrInvited() {
        RoomPlan plan = RoomPlan.of(Set.of(ALICE), Set.of(ALICE, BOB, CAROL), Set.of(MANAGER, ALICE, BOB),
                Set.of(CAROL), MANAGER);
        assertEquals(Set.of(BOB, CAROL), plan.kick());
        assertEquals(Set.of(), plan.join());
    }

    @Test
    void theManagerAndAccountsNotFromTheDirectoryStay() {
        RoomPlan plan = RoomPlan.of(Set.of(), Set.of(MANAGER, ALICE), Set.of(MANAGER, ALICE, LOCAL), Set.of(), MANAGER);
        assertEquals(Set.of(ALICE), plan.kick());
    }

    @Test
    void aManagerInTheGroupButOutOfTheRoomIsNotInvitedByItself() {
        RoomPlan plan = RoomPlan.of(Set.of(MANAGER, ALICE), Set.of(MANAGER, ALICE), Set.of(), Set.of(), MANAGER);
        assertEquals(Set.of(ALICE), plan.invite());
        assertEquals(Set.of(ALICE), plan.join());
    }

    @Test
    void aRoomThatFollowsItsGroupNeedsNothing() {
        assertEquals(new RoomPlan(Set.of(), Set.of(), Set.of()),
                RoomPlan.of(Set.of(ALICE), Set.of(ALICE, BOB), Set.of(MANAGER, ALICE, LOCAL), Set.of(), MANAGER));
    }
}
