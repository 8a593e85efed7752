package org.hearth.core.internal.event;

import static org.hearth.core.internal.event.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Event IDs ("v1-event-ids", room version 3 "Event IDs", "v4-event-ids") and room IDs
 * (Appendices, "Room IDs"; room version 12 "Event format").
 *
 * <p>The spec gives no vector for reference hashes. The expected IDs below were computed apart
 * from this code: the event redacted by hand, encoded with Debian's python3-canonicaljson,
 * hashed with Python's hashlib and encoded with its base64 module.
 */
class EventIdsTest {
    /** A message in its federation form: no event_id, a real content hash. */
    private static final String MESSAGE = """
            {
                "auth_events": ["$create_event_id", "$power_levels_event_id", "$alice_join_event_id"],
                "content": {"body": "Hello, world", "msgtype": "m.text"},
                "depth": 7,
                "origin": "example.org",
                "origin_server_ts": 1700000000000,
                "prev_events": ["$previous_event_id"],
                "room_id": "!room:example.org",
                "sender": "@alice:example.org",
                "type": "m.room.message",
                "hashes": {"sha256": "2OSoV0nMpqT2ZL2hdWGy44mrn3eHn3CkEUK2TSWpzIY"},
                "signatures": {"example.org": {"ed25519:1": "not checked here"}},
                "unsigned": {"age": 1234}
            }""";

    /** A room version 12 create event: no room_id. */
    private static final String CREATE_V12 = """
            {
                "auth_events": [],
                "content": {"room_version": "12", "m.federate": true},
                "depth": 1,
                "origin_server_ts": 1700000000000,
                "prev_events": [],
                "sender": "@alice:example.org",
                "state_key": "",
                "type": "m.room.create",
                "hashes": {"sha256": "yxuBvphseAD2OLLgsoAkTALKWMZ42XgKDjN2YNIfu3k"},
                "signatures": {"example.org": {"ed25519:1": "not checked here"}}
            }""";

    @Test
    void versions1And2ReadTheIdTheEventCarries() {
        ObjectNode event = object("{\"event_id\": \"$abc123:example.org\", \"type\": \"m.room.message\"}");
        assertEquals("$abc123:example.org", EventIds.compute(RoomVersions.V1, event));
        assertEquals("$abc123:example.org", EventIds.compute(RoomVersions.V2, event));
        assertThrows(IllegalArgumentException.class, () -> EventIds.compute(RoomVersions.V2, object(MESSAGE)));
    }

    @Test
    void version3UsesStandardBase64OfTheReferenceHash() {
        assertEquals("$mYUOQFSKTE2qjPJXMRwZmT/IME6inXTE2m6lSCLR3TI", EventIds.compute(RoomVersions.V3, object(MESSAGE)));
    }

    @Test
    void version4AndLaterUseUrlSafeBase64() {
        for (RoomVersion version : List.of(RoomVersions.V4, RoomVersions.V5, RoomVersions.V9, RoomVersions.V10)) {
            assertEquals("$mYUOQFSKTE2qjPJXMRwZmT_IME6inXTE2m6lSCLR3TI", EventIds.compute(version, object(MESSAGE)));
        }
    }

    @Test
    void theIdIgnoresSignaturesUnsignedDataAndRedactableContent() {
        ObjectNode event = object(MESSAGE);
        event.remove(List.of("signatures", "unsigned"));
        event.withObjectProperty("content").put("body", "edited");
        assertEquals("$mYUOQFSKTE2qjPJXMRwZmT_IME6inXTE2m6lSCLR3TI", EventIds.compute(RoomVersions.V4, event));

        event.put("depth", 8);
        assertNotEquals("$mYUOQFSKTE2qjPJXMRwZmT_IME6inXTE2m6lSCLR3TI", EventIds.compute(RoomVersions.V4, event));
    }

    @Test
    void theReferenceHashFollowsTheVersionsRedactionRules() {
        // Version 11 no longer keeps origin, so the same message gets another ID.
        ObjectNode event = object(MESSAGE);
        String v10 = EventIds.compute(RoomVersions.V10, event);
        assertNotEquals(v10, EventIds.compute(RoomVersions.V11, event));
        event.remove("origin");
        assertEquals(EventIds.compute(RoomVersions.V11, object(MESSAGE)), EventIds.compute(RoomVersions.V11, event));
    }

    @Test
    void version12DerivesTheRoomIdFromTheCreateEvent() {
        ObjectNode create = object(CREATE_V12);
        assertEquals("!BFtIQV3bUIEtKpdsAE4X5auERsX7I27-Evy4pePGYV8", EventIds.roomId(RoomVersions.V12, create));
        assertEquals("$BFtIQV3bUIEtKpdsAE4X5auERsX7I27-Evy4pePGYV8", EventIds.compute(RoomVersions.V12, create));

        // The create event keeps all its content when redacted, so all of it shapes the room ID.
        create.withObjectProperty("content").put("m.federate", false);
        assertNotEquals("!BFtIQV3bUIEtKpdsAE4X5auERsX7I27-Evy4pePGYV8", EventIds.roomId(RoomVersions.V12, create));
    }

    @Test
    void earlierVersionsTakeTheRoomIdTheCreateEventCarries() {
        ObjectNode create = object("{\"type\": \"m.room.create\", \"room_id\": \"!abc:example.org\", \"content\": {}}");
        assertEquals("!abc:example.org", EventIds.roomId(RoomVersions.V11, create));
        assertThrows(IllegalArgumentException.class, () -> EventIds.roomId(RoomVersions.V11, object(CREATE_V12)));
    }

    @Test
    void aPduCarriesTheIdOfItsVersion() {
        Pdu v4 = EventIds.pdu(RoomVersions.V4, object(MESSAGE));
        assertEquals("$mYUOQFSKTE2qjPJXMRwZmT_IME6inXTE2m6lSCLR3TI", v4.eventId());
        assertEquals(List.of("$previous_event_id"), v4.prevEvents());

        Pdu v1 = EventIds.pdu(RoomVersions.V1, object("{\"event_id\": \"$abc:example.org\", \"type\": \"m.room.message\"}"));
        assertEquals("$abc:example.org", v1.eventId());
    }

    @Test
    void strictVersionsRefuseToHashAFloat() {
        ObjectNode event = object(MESSAGE);
        event.put("depth", 7.5);
        assertThrows(NotCanonicalJsonException.class, () -> EventIds.compute(RoomVersions.V6, event));
    }
}
