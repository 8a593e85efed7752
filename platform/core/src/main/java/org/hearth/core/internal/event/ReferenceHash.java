package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.hearth.core.internal.util.Sha256;

/**
 * The reference hash of an event (Server-Server API, "Calculating the reference hash for an
 * event"): SHA-256 of the canonical JSON of the event redacted by its room version's rules,
 * without {@code signatures} and {@code unsigned}. From room version 3 on it is the event ID.
 */
public final class ReferenceHash {
    private static final Set<String> NOT_HASHED = Set.of("signatures", "unsigned");

    private ReferenceHash() {
    }

    /**
     * The 32-byte hash of an event in its federation form (without {@code event_id} from room
     * version 3 on, where the ID is this hash).
     *
     * @throws NotCanonicalJsonException if the event has no canonical form under the version's rules
     */
    public static byte[] compute(RoomVersion version, ObjectNode event) {
        ObjectNode redacted = version.redactor().redact(event);
        return Sha256.digest(version.canonicalJson().encode(JsonObjects.without(redacted, NOT_HASHED)));
    }
}
