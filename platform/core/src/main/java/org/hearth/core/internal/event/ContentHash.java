package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.Set;
import org.hearth.core.internal.util.Sha256;

/**
 * The content hash of an event (Server-Server API, "Calculating the content hash for an event"):
 * SHA-256 of the canonical JSON of the whole, unredacted event without {@code unsigned},
 * {@code signatures} and {@code hashes}. Events carry it in {@code hashes.sha256}.
 */
public final class ContentHash {
    private static final Set<String> NOT_HASHED = Set.of("unsigned", "signatures", "hashes");

    private ContentHash() {
    }

    /**
     * The 32-byte hash, with the room version's canonical JSON rules.
     *
     * @throws NotCanonicalJsonException if the event has no canonical form under those rules
     */
    public static byte[] compute(RoomVersion version, ObjectNode event) {
        return Sha256.digest(version.canonicalJson().encode(JsonObjects.without(event, NOT_HASHED)));
    }

    /**
     * Whether {@code hashes.sha256} holds the event's content hash. When it does not, the event
     * may have been redacted on its way ("Validating hashes and signatures on received events"),
     * and the receiver keeps the redacted copy.
     *
     * @throws NotCanonicalJsonException if the event has no canonical form under the version's rules
     */
    public static boolean matches(RoomVersion version, ObjectNode event) {
        return UnpaddedBase64.decodeText(event.path("hashes").path("sha256"))
                .map(claimed -> MessageDigest.isEqual(claimed, compute(version, event)))
                .orElse(false);
    }
}
