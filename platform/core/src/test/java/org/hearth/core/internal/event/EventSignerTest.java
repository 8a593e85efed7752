package org.hearth.core.internal.event;

import static org.hearth.core.internal.event.AppendixSigningKey.KEY;
import static org.hearth.core.internal.event.AppendixSigningKey.SERVER_NAME;
import static org.hearth.core.internal.event.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vectors of Appendices, "Cryptographic Test Vectors" → "Event Signing". Their events have
 * the room version 1 shape ({@code origin}, an {@code event_id} of the form {@code $0:domain}),
 * so they are signed under version 1's rules.
 */
class EventSignerTest {
    private static final RoomVersion VERSION = RoomVersions.V1;

    private static final String MINIMAL_EVENT = """
            {
                "room_id": "!x:domain",
                "sender": "@a:domain",
                "origin": "domain",
                "origin_server_ts": 1000000,
                "signatures": {},
                "hashes": {},
                "type": "X",
                "content": {},
                "prev_events": [],
                "auth_events": [],
                "depth": 3,
                "unsigned": {
                    "age_ts": 1000000
                }
            }""";

    private static final String SIGNED_MINIMAL_EVENT = """
            {
                "auth_events": [],
                "content": {},
                "depth": 3,
                "hashes": {
                    "sha256": "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos"
                },
                "origin": "domain",
                "origin_server_ts": 1000000,
                "prev_events": [],
                "room_id": "!x:domain",
                "sender": "@a:domain",
                "signatures": {
                    "domain": {
                        "ed25519:1": "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg"
                    }
                },
                "type": "X",
                "unsigned": {
                    "age_ts": 1000000
                }
            }""";

    private static final String REDACTABLE_EVENT = """
            {
                "content": {
                    "body": "Here is the message content"
                },
                "event_id": "$0:domain",
                "origin": "domain",
                "origin_server_ts": 1000000,
                "type": "m.room.message",
                "room_id": "!r:domain",
                "sender": "@u:domain",
                "signatures": {},
                "unsigned": {
                    "age_ts": 1000000
                }
            }""";

    private static final String SIGNED_REDACTABLE_EVENT = """
            {
                "content": {
                    "body": "Here is the message content"
                },
                "event_id": "$0:domain",
                "hashes": {
                    "sha256": "onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g"
                },
                "origin": "domain",
                "origin_server_ts": 1000000,
                "type": "m.room.message",
                "room_id": "!r:domain",
                "sender": "@u:domain",
                "signatures": {
                    "domain": {
                        "ed25519:1": "Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA"
                    }
                },
                "unsigned": {
                    "age_ts": 1000000
                }
            }""";

    static Stream<Arguments> appendixVectors() {
        return Stream.of(Arguments.of(MINIMAL_EVENT, SIGNED_MINIMAL_EVENT),
                Arguments.of(REDACTABLE_EVENT, SIGNED_REDACTABLE_EVENT));
    }

    @ParameterizedTest
    @MethodSource("appendixVectors")
    void hashesAndSignsAsTheAppendixDoes(String event, String signedEvent) {
        ObjectNode expected = object(signedEvent);
        assertEquals(expected, EventSigner.hashAndSign(VERSION, object(event), SERVER_NAME, KEY));
        assertTrue(EventSigner.verify(VERSION, expected, SERVER_NAME, KEY.verifyKey()));
        assertTrue(ContentHash.matches(VERSION, expected));
    }

    /**
     * The appendix's events are signed over their redacted form: every version whose redaction
     * rules keep the top-level {@code origin} (1 to 10, "Redactions") gives the appendix's
     * signatures; versions 11 and 12 strip {@code origin}, so the same event signs differently.
     */
    @ParameterizedTest(name = "room version {0}")
    @ValueSource(strings = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"})
    void eachVersionSignsOverItsOwnRedaction(String id) {
        RoomVersion version = RoomVersions.byId(id).orElseThrow();
        boolean keepsOrigin = version.redactor().redact(object(REDACTABLE_EVENT)).has("origin");
        assertEquals(Integer.parseInt(id) <= 10, keepsOrigin);
        for (Arguments vector : appendixVectors().toList()) {
            ObjectNode signed = EventSigner.hashAndSign(version, object((String) vector.get()[0]), SERVER_NAME, KEY);
            assertEquals(keepsOrigin, object((String) vector.get()[1]).equals(signed), "signature as in the appendix");
            assertTrue(EventSigner.verify(version, signed, SERVER_NAME, KEY.verifyKey()));
        }
    }

    /**
     * The ID given with the signature comes from the bytes signed; it must be the reference hash
     * (or embedded ID) of the signed event as computed on its own, whatever signatures and
     * {@code unsigned} the event carried before.
     */
    @ParameterizedTest(name = "room version {0}")
    @ValueSource(strings = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"})
    void theIdGivenWithTheSignatureIsTheSignedEventsId(String id) {
        RoomVersion version = RoomVersions.byId(id).orElseThrow();
        for (Arguments vector : appendixVectors().toList()) {
            ObjectNode event = object((String) vector.get()[0]);
            event.withObjectProperty("signatures").putObject("other.example").put("ed25519:x", "c2ln");
            if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
                event.put("event_id", "$0:domain");
            }
            EventSigner.Identified signed = EventSigner.hashAndSignWithId(version, event, SERVER_NAME, KEY);
            assertEquals(EventSigner.hashAndSign(version, event, SERVER_NAME, KEY), signed.event());
            assertEquals(EventIds.compute(version, signed.event()), signed.eventId());
            assertEquals("c2ln", signed.event().path("signatures").path("other.example").path("ed25519:x").asText());
        }
    }

    @Test
    void aRedactedCopyKeepsItsSignatureButNotItsContentHash() {
        ObjectNode redacted = VERSION.redactor().redact(object(SIGNED_REDACTABLE_EVENT));

        assertEquals(object("{}"), redacted.get("content"));
        assertTrue(EventSigner.verify(VERSION, redacted, SERVER_NAME, KEY.verifyKey()));
        assertFalse(ContentHash.matches(VERSION, redacted));
    }

    @Test
    void changingAnEssentialKeyBreaksTheSignature() {
        ObjectNode event = object(SIGNED_REDACTABLE_EVENT);
        event.put("sender", "@mallory:domain");
        assertFalse(EventSigner.verify(VERSION, event, SERVER_NAME, KEY.verifyKey()));
    }

    @Test
    void aMissingOrGarbledContentHashDoesNotMatch() {
        ObjectNode event = object(SIGNED_MINIMAL_EVENT);
        event.withObjectProperty("hashes").put("sha256", "*not base64*");
        assertFalse(ContentHash.matches(VERSION, event));
        event.remove("hashes");
        assertFalse(ContentHash.matches(VERSION, event));
    }

    @Test
    void theRoomVersionDecidesWhetherFloatsMayBeHashed() {
        ObjectNode event = object(MINIMAL_EVENT);
        event.putObject("content").put("power", 50.57);

        ObjectNode signed = EventSigner.hashAndSign(RoomVersions.V5, event, SERVER_NAME, KEY);
        assertTrue(EventSigner.verify(RoomVersions.V5, signed, SERVER_NAME, KEY.verifyKey()));
        assertThrows(NotCanonicalJsonException.class,
                () -> EventSigner.hashAndSign(RoomVersions.V6, event, SERVER_NAME, KEY));
    }
}
