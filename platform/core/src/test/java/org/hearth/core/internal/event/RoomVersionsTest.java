package org.hearth.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.hearth.core.internal.event.RoomVersion.Stability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Room Versions, "Complete list of room versions", and each version's page. */
class RoomVersionsTest {

    @Test
    void theSpecDefinesTwelveStableVersions() {
        List<String> ids = IntStream.rangeClosed(1, 12).mapToObj(Integer::toString).toList();
        assertEquals(ids, RoomVersions.ALL.stream().map(RoomVersion::id).toList());
        for (RoomVersion version : RoomVersions.ALL) {
            assertSame(version, RoomVersions.byId(version.id()).orElseThrow());
            assertEquals(Stability.STABLE, version.stability());
            assertEquals("stable", version.stability().label());
            assertEquals(version.id(), version.authRules().roomVersion());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "13", "1.0", "org.example.custom", " 1"})
    void unknownIdsFindNothing(String id) {
        assertEquals(Optional.empty(), RoomVersions.byId(id));
    }

    @Test
    void newRoomsUseVersion12() {
        assertSame(RoomVersions.V12, RoomVersions.DEFAULT);
    }

    @ParameterizedTest(name = "room version {0}")
    @CsvSource({
        "1,  EMBEDDED,                SERVER_CHOSEN,   v1,  false, false, v1",
        "2,  EMBEDDED,                SERVER_CHOSEN,   v1,  false, false, v2",
        "3,  REFERENCE_HASH,          SERVER_CHOSEN,   v1,  false, false, v2",
        "4,  URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v1,  false, false, v2",
        "5,  URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v1,  false, true,  v2",
        "6,  URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v6,  true,  true,  v2",
        "7,  URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v6,  true,  true,  v2",
        "8,  URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v8,  true,  true,  v2",
        "9,  URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v9,  true,  true,  v2",
        "10, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v9,  true,  true,  v2",
        "11, URL_SAFE_REFERENCE_HASH, SERVER_CHOSEN,   v11, true,  true,  v2",
        "12, URL_SAFE_REFERENCE_HASH, CREATE_EVENT_ID, v11, true,  true,  v2.1",
    })
    void eachVersionRunsTheAlgorithmsItsPageNames(String id, EventIdFormat eventIds, RoomIdFormat roomIds,
            String redaction, boolean strictJson, boolean keyValidity, String stateResolution) {
        RoomVersion version = RoomVersions.byId(id).orElseThrow();
        assertEquals(eventIds, version.eventIdFormat());
        assertEquals(roomIds, version.roomIdFormat());
        assertEquals(redaction, version.redactor().id());
        assertEquals(strictJson, version.enforcesCanonicalJson());
        assertSame(strictJson ? CanonicalJson.STRICT : CanonicalJson.LENIENT, version.canonicalJson());
        assertEquals(keyValidity, version.enforcesKeyValidity());
        assertEquals(stateResolution, version.stateResolution().id());
    }
}
