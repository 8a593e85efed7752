package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.ContentHash;
import org.hearth.core.internal.event.EventIdFormat;
import org.hearth.core.internal.event.EventIds;
import org.hearth.core.internal.event.EventSigner;
import org.hearth.core.internal.event.JsonSigner;
import org.hearth.core.internal.event.NotCanonicalJsonException;
import org.hearth.core.internal.event.Pdu;
import org.hearth.core.internal.event.RoomIdFormat;
import org.hearth.core.internal.event.RoomVersion;
import org.hearth.core.internal.event.VerifyKey;

/**
 * The first three checks of "Checks performed on receipt of a PDU" (Server-Server API): a valid
 * event of its room version within the size limits, signed by the servers that must sign it, and
 * its content hash (an event whose hash does not match is kept redacted, "Validating hashes and
 * signatures on received events"). What fails the first two is dropped.
 */
public final class ReceivedPdu {
    /** Server-Server API, "Size limits": the whole PDU as canonical JSON. */
    static final int MAX_BYTES = EventBuilder.MAX_EVENT_BYTES;
    /** The PDU schemas: at most 20 prev_events and 10 auth_events. */
    static final int MAX_PREV_EVENTS = 20;
    static final int MAX_AUTH_EVENTS = 10;

    /** An Ed25519 key of a server, valid at a time; empty when unknown or expired. */
    @FunctionalInterface
    public interface KeyLookup {
        Optional<VerifyKey> key(ServerName server, String keyId, long validAt);
    }

    /** Why a PDU is dropped. */
    public static final class Dropped extends Exception {
        private static final long serialVersionUID = 1L;
        private final String eventId;

        Dropped(String eventId, String reason) {
            super(reason, null, false, false);
            this.eventId = eventId;
        }

        /** The event ID, when it could be computed. */
        public String eventId() {
            return eventId;
        }
    }

    /** A PDU that passed the checks, redacted when its hash did not match. */
    public record Checked(Pdu pdu, boolean redacted) {}

    private ReceivedPdu() {
    }

    /**
     * @param json the PDU as received (its {@code unsigned} is dropped: it is the sender's, not the event's)
     */
    public static Checked check(RoomVersion version, JsonNode json, KeyLookup keys) throws Dropped {
        if (!(json instanceof ObjectNode received)) {
            throw new Dropped(null, "a PDU is a JSON object");
        }
        ObjectNode event = received.deepCopy();
        event.remove("unsigned");
        Pdu pdu = format(version, event);
        for (String server : signers(version, pdu)) {
            if (!signedBy(version, event, server, pdu.originServerTs(), keys)) {
                throw new Dropped(pdu.eventId(), "no valid signature of " + server);
            }
        }
        try {
            if (!ContentHash.matches(version, event)) {
                return new Checked(Pdu.of(version.redactor().redact(event), pdu.eventId()), true);
            }
        } catch (NotCanonicalJsonException e) {
            throw new Dropped(pdu.eventId(), "no canonical JSON form: " + e.getMessage());
        }
        return new Checked(pdu, false);
    }

    private static Pdu format(RoomVersion version, ObjectNode event) throws Dropped {
        String id = null;
        try {
            if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
                id = text(event, "event_id");
            }
            byte[] canonical = version.canonicalJson().encode(event);
            if (canonical.length > MAX_BYTES) {
                throw new Dropped(id, "the PDU is " + canonical.length + " bytes; the limit is " + MAX_BYTES);
            }
            id = EventIds.compute(version, event);
        } catch (IllegalArgumentException e) {
            throw new Dropped(id, "not a valid event: " + e.getMessage());
        }
        String type = text(event, "type");
        String sender = text(event, "sender");
        if (UserId.parse(sender).isEmpty()) {
            throw new Dropped(id, "sender is not a user ID");
        }
        if (!event.path("content").isObject() || !event.path("origin_server_ts").canConvertToExactIntegral()
                || !event.path("depth").canConvertToLong() || event.path("depth").asLong() < 0
                || !event.path("prev_events").isArray() || !event.path("auth_events").isArray()
                || !event.path("hashes").path("sha256").isTextual() || !event.path("signatures").isObject()) {
            throw new Dropped(id, "not a valid event: missing or malformed content, origin_server_ts, depth,"
                    + " prev_events, auth_events, hashes or signatures");
        }
        if (event.has("state_key") && !event.get("state_key").isTextual()) {
            throw new Dropped(id, "state_key is not a string");
        }
        if (event.get("prev_events").size() > MAX_PREV_EVENTS || event.get("auth_events").size() > MAX_AUTH_EVENTS) {
            throw new Dropped(id, "more than " + MAX_PREV_EVENTS + " prev_events or " + MAX_AUTH_EVENTS
                    + " auth_events");
        }
        boolean createNamesRoom = "m.room.create".equals(type) && version.roomIdFormat()
                == RoomIdFormat.CREATE_EVENT_ID;
        if (!createNamesRoom) {
            text(event, "room_id");
        }
        return Pdu.of(event, id);
    }

    private static String text(ObjectNode event, String field) throws Dropped {
        JsonNode value = event.get(field);
        if (value == null || !value.isTextual()) {
            throw new Dropped(null, "not a valid event: no " + field);
        }
        return value.asText();
    }

    /**
     * Server-Server API, "Validating hashes and signatures on received events": the sender's
     * server; in versions 1 and 2 the server of the event ID; from version 8 the server of
     * {@code join_authorised_via_users_server} of a join.
     */
    static Set<String> signers(RoomVersion version, Pdu pdu) throws Dropped {
        Set<String> servers = new LinkedHashSet<>();
        servers.add(UserId.parse(pdu.sender()).orElseThrow().server().value());
        if (version.eventIdFormat() == EventIdFormat.EMBEDDED) {
            int colon = pdu.eventId().indexOf(':');
            if (colon < 0) {
                throw new Dropped(pdu.eventId(), "event_id names no server");
            }
            servers.add(pdu.eventId().substring(colon + 1));
        }
        JsonNode via = pdu.content().get("join_authorised_via_users_server");
        if ("m.room.member".equals(pdu.type()) && "join".equals(pdu.content().path("membership").asText())
                && via != null && via.isTextual()) {
            UserId.parse(via.asText()).ifPresent(user -> servers.add(user.server().value()));
        }
        return servers;
    }

    /** "Checking for a Signature": one signature of the server that verifies with its key. */
    private static boolean signedBy(RoomVersion version, ObjectNode event, String server, long ts, KeyLookup keys)
            throws Dropped {
        if (!ServerName.isValid(server)) {
            return false;
        }
        ServerName name = new ServerName(server);
        long validAt = version.enforcesKeyValidity() ? ts : 0;
        try {
            for (String keyId : JsonSigner.signingKeyIds(version.redactor().redact(event), server)) {
                Optional<VerifyKey> key = keys.key(name, keyId, validAt);
                if (key.isPresent() && EventSigner.verify(version, event, server, key.get())) {
                    return true;
                }
            }
        } catch (NotCanonicalJsonException e) {
            throw new Dropped(null, "no canonical JSON form: " + e.getMessage());
        }
        return false;
    }
}
