package org.hearth.core.internal.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.hearth.core.internal.event.EventIds;
import org.hearth.core.internal.event.EventSigner;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.RoomVersions;
import org.hearth.core.internal.event.SigningKey;
import org.hearth.core.internal.rooms.auth.TestRoom;
import org.junit.jupiter.api.Test;

/** Checks 1 to 3 of "Checks performed on receipt of a PDU": format and size, signatures, content hash. */
class ReceivedPduTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SigningKey A_KEY = SigningKey.generate(RANDOM);
    private static final SigningKey B_KEY = SigningKey.generate(RANDOM);
    /** What a.example and b.example publish. */
    private static final ReceivedPdu.KeyLookup KEYS = (server, keyId, validAt) -> {
        Map<String, SigningKey> published = Map.of("a.example", A_KEY, "b.example", B_KEY);
        SigningKey key = published.get(server.value());
        return key != null && key.keyId().equals(keyId) ? Optional.of(key.verifyKey()) : Optional.empty();
    };

    private static ObjectNode message(RoomVersion version, String sender, String body) {
        ObjectNode json = TestRoom.json("{'type':'m.room.message','room_id':'!r:a.example','depth':5,"
                + "'origin_server_ts':1700000000000,'prev_events':[],'auth_events':[],"
                + "'content':{'msgtype':'m.text','body':'" + body + "'}}");
        json.put("sender", sender);
        return json;
    }

    private static ObjectNode signed(RoomVersion version, ObjectNode event, String server, SigningKey key) {
        return EventSigner.hashAndSign(version, event, server, key);
    }

    @Test
    void aPduSignedByTheSendersServerPasses() throws Exception {
        ObjectNode pdu = signed(RoomVersions.V10, message(RoomVersions.V10, "@alice:a.example", "hi"), "a.example", A_KEY);
        ReceivedPdu.Checked checked = ReceivedPdu.check(RoomVersions.V10, pdu, KEYS);
        assertFalse(checked.redacted());
        assertEquals(EventIds.compute(RoomVersions.V10, pdu), checked.pdu().eventId());
        assertEquals("hi", checked.pdu().content().path("body").asText());
    }

    @Test
    void aForgedSignatureIsDropped() {
        // signed with b.example's key under a.example's key ID
        SigningKey forger = SigningKey.fromSeed(A_KEY.keyId(), B_KEY.seed());
        ObjectNode pdu = signed(RoomVersions.V10, message(RoomVersions.V10, "@alice:a.example", "hi"), "a.example", forger);
        ReceivedPdu.Dropped dropped = assertThrows(ReceivedPdu.Dropped.class,
                () -> ReceivedPdu.check(RoomVersions.V10, pdu, KEYS));
        assertTrue(dropped.getMessage().contains("no valid signature of a.example"), dropped.getMessage());
    }

    @Test
    void anEventClaimingAnotherServersSenderIsDropped() {
        // b.example signs an event of a user of a.example
        ObjectNode pdu = signed(RoomVersions.V10, message(RoomVersions.V10, "@alice:a.example", "hi"), "b.example", B_KEY);
        ReceivedPdu.Dropped dropped = assertThrows(ReceivedPdu.Dropped.class,
                () -> ReceivedPdu.check(RoomVersions.V10, pdu, KEYS));
        assertTrue(dropped.getMessage().contains("a.example"), dropped.getMessage());
    }

    @Test
    void aKeyUnknownHereDropsTheEvent() {
        SigningKey unknown = SigningKey.generate(RANDOM);
        ObjectNode pdu = signed(RoomVersions.V10, message(RoomVersions.V10, "@alice:a.example", "hi"), "a.example", unknown);
        assertThrows(ReceivedPdu.Dropped.class, () -> ReceivedPdu.check(RoomVersions.V10, pdu, KEYS));
    }

    @Test
    void aContentHashMismatchKeepsTheEventRedacted() throws Exception {
        ObjectNode pdu = signed(RoomVersions.V10, message(RoomVersions.V10, "@alice:a.example", "hi"), "a.example", A_KEY);
        // the signature covers the redacted event, so it still holds; the hash does not
        pdu.withObjectProperty("content").put("body", "changed on the way");
        ReceivedPdu.Checked checked = ReceivedPdu.check(RoomVersions.V10, pdu, KEYS);
        assertTrue(checked.redacted());
        assertTrue(checked.pdu().content().isEmpty(), checked.pdu().content().toString());
    }

    @Test
    void versionOneEventsNeedTheSignatureOfTheirEventIdServer() throws Exception {
        ObjectNode event = message(RoomVersions.V1, "@alice:a.example", "hi");
        event.put("event_id", "$abc:b.example");
        ObjectNode onlyA = signed(RoomVersions.V1, event, "a.example", A_KEY);
        assertThrows(ReceivedPdu.Dropped.class, () -> ReceivedPdu.check(RoomVersions.V1, onlyA, KEYS));
        ObjectNode both = signed(RoomVersions.V1, onlyA, "b.example", B_KEY);
        assertEquals("$abc:b.example", ReceivedPdu.check(RoomVersions.V1, both, KEYS).pdu().eventId());
    }

    @Test
    void aPduOverTheSizeLimitIsDropped() {
        ObjectNode pdu = signed(RoomVersions.V10, message(RoomVersions.V10, "@alice:a.example", "x".repeat(70_000)),
                "a.example", A_KEY);
        ReceivedPdu.Dropped dropped = assertThrows(ReceivedPdu.Dropped.class,
                () -> ReceivedPdu.check(RoomVersions.V10, pdu, KEYS));
        assertTrue(dropped.getMessage().contains("limit"), dropped.getMessage());
    }

    @Test
    void malformedPdusAreDropped() {
        ObjectNode noSender = signed(RoomVersions.V10, message(RoomVersions.V10, "not a user", "hi"), "a.example", A_KEY);
        assertThrows(ReceivedPdu.Dropped.class, () -> ReceivedPdu.check(RoomVersions.V10, noSender, KEYS));
        ObjectNode event = message(RoomVersions.V10, "@alice:a.example", "hi");
        for (int i = 0; i < 21; i++) {
            event.withArrayProperty("prev_events").add("$e" + i);
        }
        ObjectNode tooManyPrevs = signed(RoomVersions.V10, event, "a.example", A_KEY);
        assertThrows(ReceivedPdu.Dropped.class, () -> ReceivedPdu.check(RoomVersions.V10, tooManyPrevs, KEYS));
        assertThrows(ReceivedPdu.Dropped.class,
                () -> ReceivedPdu.check(RoomVersions.V10, JsonNodeFactory.instance.arrayNode(), KEYS));
    }

    @Test
    void theSendersUnsignedPartIsNotKept() throws Exception {
        ObjectNode pdu = signed(RoomVersions.V10, message(RoomVersions.V10, "@alice:a.example", "hi"), "a.example", A_KEY);
        pdu.putObject("unsigned").put("age", 5);
        assertFalse(ReceivedPdu.check(RoomVersions.V10, pdu, KEYS).pdu().json().has("unsigned"));
    }
}
