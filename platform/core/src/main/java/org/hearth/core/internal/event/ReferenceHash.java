package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.core.internal.util.Sha256;

/**
 * The reference hash of an event (Server-Server API, "Calculating the reference hash for an
 * event"): SHA-256 of the canonical JSON of the event redacted by its room version's rules,
 * without {@code signatures} and {@code unsigned}. From room version 3 on it is the event ID.
 *
 * <p>These are the very bytes the origin server's signature covers ({@link EventSigner} signs the
 * redacted event, and a signature leaves out the same two keys), so signing an event gives its
 * reference hash for one more SHA-256 ({@link EventSigner#hashAndSignWithId}).
 */
public final class ReferenceHash {
    private ReferenceHash() {
    }

    /**
     * The 32-byte hash of an event in its federation form (without {@code event_id} from room
     * version 3 on, where the ID is this hash).
     *
     * @throws NotCanonicalJsonException if the event has no canonical form under the version's rules
     */
    public static byte[] compute(RoomVersion version, ObjectNode event) {
        return Sha256.digest(JsonSigner.signedBytes(version.redactor().redact(event), version.canonicalJson()));
    }
}
