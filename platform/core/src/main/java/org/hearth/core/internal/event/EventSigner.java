package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.core.internal.util.Sha256;

/**
 * Hashing and signing events (Server-Server API, "Signing Events"): the content hash goes into
 * {@code hashes.sha256}, then the event redacted by its room version's rules is signed, so that
 * the signature still holds after a redaction; the signature is copied back to the full event.
 */
public final class EventSigner {
    private EventSigner() {
    }

    /**
     * A copy of the event with its content hash and the server's signature ("Adding hashes and
     * signatures to outgoing events"). A {@code hashes} object already there is replaced.
     *
     * @throws NotCanonicalJsonException if the event has no canonical form under the version's rules
     */
    public static ObjectNode hashAndSign(RoomVersion version, ObjectNode event, String serverName, SigningKey key) {
        return signed(version, event, serverName, key).event();
    }

    /**
     * The event hashed and signed as {@link #hashAndSign} does, and its ID: from room version 3
     * on the reference hash of the bytes just signed (see {@link ReferenceHash}), which are not
     * redacted and encoded a second time.
     *
     * @throws NotCanonicalJsonException if the event has no canonical form under the version's rules
     */
    public static Identified hashAndSignWithId(RoomVersion version, ObjectNode event, String serverName, SigningKey key) {
        Signed signed = signed(version, event, serverName, key);
        return new Identified(signed.event(),
                version.eventIdFormat().eventId(signed.event(), () -> Sha256.digest(signed.bytes())));
    }

    private static Signed signed(RoomVersion version, ObjectNode event, String serverName, SigningKey key) {
        ObjectNode hashed = event.deepCopy();
        hashed.putObject("hashes").put("sha256", UnpaddedBase64.encode(ContentHash.compute(version, event)));
        byte[] bytes = JsonSigner.signedBytes(version.redactor().redact(hashed), version.canonicalJson());
        JsonSigner.addSignature(hashed, serverName, key, key.sign(bytes));
        return new Signed(hashed, bytes);
    }

    /** A hashed and signed event, and its ID. */
    public record Identified(ObjectNode event, String eventId) {
    }

    /** A signed event and the canonical bytes of its redacted form that the signature covers. */
    private record Signed(ObjectNode event, byte[] bytes) {
    }

    /**
     * Whether the server signed the event with this key ("Validating hashes and signatures on
     * received events": the check runs on the redacted event, so it holds for a full and a
     * redacted copy alike). The content hash is checked apart, with {@link ContentHash#matches}.
     *
     * @throws NotCanonicalJsonException if the event has no canonical form under the version's rules
     */
    public static boolean verify(RoomVersion version, ObjectNode event, String serverName, VerifyKey key) {
        return JsonSigner.verify(version.redactor().redact(event), serverName, key, version.canonicalJson());
    }
}
