package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.CrossSigningStore.Signature;

/**
 * Signatures uploaded for keys ({@code POST /keys/signatures/upload}), added to the
 * {@code signatures} of the key they sign when the key is shown: to clients by
 * {@code /keys/query}, and to other servers (with only the owner's own signatures) by
 * {@code /user/devices} and the device-list EDUs, so that a device cross-signed on one server is
 * trusted on the others.
 */
final class KeySignatures {
    private final Map<List<Object>, List<Signature>> byTarget = new HashMap<>();

    KeySignatures(List<Signature> all) {
        all.forEach(s -> byTarget.computeIfAbsent(List.of(s.target(), s.targetKeyId()), k -> new ArrayList<>()).add(s));
    }

    /** Adds the signatures over the owner's key {@code keyId} (a device ID or a cross-signing public key). */
    void addTo(ObjectNode key, UserId owner, String keyId) {
        for (Signature s : byTarget.getOrDefault(List.of(owner, keyId), List.of())) {
            key.withObjectProperty("signatures").withObjectProperty(s.signer().toString())
                    .put(s.signerKeyId(), s.signature());
        }
    }
}
