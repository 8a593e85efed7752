package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code signed} object of a third-party invite ({@code content.third_party_invite.signed} of
 * an {@code m.room.member} event, or {@code third_party_signed} of a join), which the identity
 * server signs with one of the keys it gave the room in {@code m.room.third_party_invite}. Any
 * signature counts, under whatever server name and key ID (authorization rule 4.4.1.7: "any
 * signature in signed matches any public key").
 */
public final class ThirdPartySigned {
    private ThirdPartySigned() {
    }

    /** The public key (as given, Base64 or URL-safe Base64) one of the signatures verifies with, if any. */
    public static Optional<String> keyThatSigned(JsonNode signed, List<String> publicKeys) {
        if (!(signed instanceof ObjectNode object)) {
            return Optional.empty();
        }
        try {
            for (Iterator<String> servers = object.path("signatures").fieldNames(); servers.hasNext(); ) {
                String server = servers.next();
                for (String keyId : JsonSigner.signingKeyIds(object, server)) {
                    for (String publicKey : publicKeys) {
                        Optional<VerifyKey> key = key(keyId, publicKey);
                        if (key.isPresent() && JsonSigner.verify(object, server, key.get())) {
                            return Optional.of(publicKey);
                        }
                    }
                }
            }
        } catch (NotCanonicalJsonException e) {
            return Optional.empty(); // no canonical form: nothing can have been signed
        }
        return Optional.empty();
    }

    private static Optional<VerifyKey> key(String keyId, String publicKey) {
        try {
            return Optional.of(VerifyKey.of(keyId, publicKey.replace('-', '+').replace('_', '/')));
        } catch (IllegalArgumentException notAKey) {
            return Optional.empty();
        }
    }
}
