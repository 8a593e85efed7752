package org.hearth.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hearth.core.internal.event.AuthRuleSet.PowerLevelNumbers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The authorisation rule flags each {@link RoomVersion} carries. */
class AuthRuleSetTest {

    /** The feature matrix of the room versions, one row a version. */
    @ParameterizedTest
    @CsvSource({
        // version, aliases, redaction, creator, notifications, numbers, knock, restricted, knock_restricted, v12 room ID, v12 creators
        "1,  true,  true,  true,  false, INTEGERS_STRINGS_FLOATS, false, false, false, false, false",
        "2,  true,  true,  true,  false, INTEGERS_STRINGS_FLOATS, false, false, false, false, false",
        "3,  true,  false, true,  false, INTEGERS_STRINGS_FLOATS, false, false, false, false, false",
        "5,  true,  false, true,  false, INTEGERS_STRINGS_FLOATS, false, false, false, false, false",
        "6,  false, false, true,  true,  INTEGERS_STRINGS,        false, false, false, false, false",
        "7,  false, false, true,  true,  INTEGERS_STRINGS,        true,  false, false, false, false",
        "8,  false, false, true,  true,  INTEGERS_STRINGS,        true,  true,  false, false, false",
        "9,  false, false, true,  true,  INTEGERS_STRINGS,        true,  true,  false, false, false",
        "10, false, false, true,  true,  INTEGERS,                true,  true,  true,  false, false",
        "11, false, false, false, true,  INTEGERS,                true,  true,  true,  false, false",
        "12, false, false, false, true,  INTEGERS,                true,  true,  true,  true,  true",
    })
    void eachVersionSwitchesOnItsRules(String version, boolean aliases, boolean redaction, boolean creator,
            boolean notifications, PowerLevelNumbers numbers, boolean knock, boolean restricted,
            boolean knockRestricted, boolean roomIdIsCreate, boolean infiniteCreators) {
        assertEquals(new AuthRuleSet(version, aliases, redaction, creator, notifications, numbers, knock, restricted,
                knockRestricted, roomIdIsCreate, infiniteCreators), RoomVersions.byId(version).orElseThrow().authRules());
    }
}
