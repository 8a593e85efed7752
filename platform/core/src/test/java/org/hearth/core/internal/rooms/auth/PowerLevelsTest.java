package org.hearth.core.internal.rooms.auth;

import static org.hearth.core.internal.rooms.auth.TestRoom.ALICE;
import static org.hearth.core.internal.rooms.auth.TestRoom.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reading power levels: the defaults, and the number formats of each room version. */
class PowerLevelsTest {

    private static PowerLevels levels(String version, String powerLevelsContent) {
        TestRoom room = TestRoom.created(version, ALICE, "{}");
        room.send(room.member(ALICE, ALICE, "join"));
        if (powerLevelsContent != null) {
            room.force(room.state(ALICE, EventTypes.POWER_LEVELS, "", powerLevelsContent));
        }
        return new AuthState(room.ruleSet(), room.state()).powerLevels();
    }

    @Test
    void withoutPowerLevelsTheCreatorHas100AndTheDefaultsApply() {
        PowerLevels levels = levels("11", null);
        assertEquals(100, levels.of(ALICE));
        assertEquals(0, levels.of(BOB));
        assertEquals(50, levels.requiredFor("m.room.topic", true));
        assertEquals(0, levels.requiredFor("m.room.message", false));
        assertEquals(0, levels.invite());
        assertEquals(50, levels.kick());
        assertEquals(50, levels.ban());
        assertEquals(50, levels.redact());
    }

    @Test
    void inVersion12TheCreatorIsInfiniteWithOrWithoutPowerLevels() {
        assertEquals(PowerLevels.INFINITE, levels("12", null).of(ALICE));
        assertEquals(PowerLevels.INFINITE, levels("12", "{'users_default':10}").of(ALICE));
        assertEquals(10, levels("12", "{'users_default':10}").of(BOB));
        assertEquals(0, levels("12", null).of(BOB));
    }

    @Test
    void usersAndEventsOverrideTheDefaults() {
        PowerLevels levels = levels("11",
                "{'users':{'" + BOB + "':30},'users_default':5,'events':{'m.room.topic':20,'m.reaction':7},"
                + "'state_default':60,'events_default':3,'invite':1,'kick':2,'ban':4,'redact':6}");
        assertEquals(30, levels.of(BOB));
        assertEquals(5, levels.of(ALICE));
        assertEquals(20, levels.requiredFor("m.room.topic", true));
        assertEquals(60, levels.requiredFor("m.room.name", true));
        assertEquals(7, levels.requiredFor("m.reaction", false));
        assertEquals(3, levels.requiredFor("m.room.message", false));
        assertEquals(1, levels.invite());
        assertEquals(2, levels.kick());
        assertEquals(4, levels.ban());
        assertEquals(6, levels.redact());
    }

    @Test
    void untilVersion9IntegersMayBeStrings() {
        PowerLevels v9 = levels("9", "{'users':{'" + BOB + "':' +0042 '},'ban':'-7','kick':'1e3'}");
        assertEquals(42, v9.of(BOB));
        assertEquals(-7, v9.ban());
        assertEquals(50, v9.kick());
        PowerLevels v10 = levels("10", "{'users':{'" + BOB + "':'42'},'ban':'7'}");
        assertEquals(0, v10.of(BOB));
        assertEquals(50, v10.ban());
    }

    @Test
    void untilVersion5FloatsAreTruncated() {
        PowerLevels v5 = levels("5", "{'users':{'" + BOB + "':50.57},'ban':5.114698E1}");
        assertEquals(50, v5.of(BOB));
        assertEquals(51, v5.ban());
        assertEquals(0, levels("6", "{'users':{'" + BOB + "':50.57}}").of(BOB));
    }
}
