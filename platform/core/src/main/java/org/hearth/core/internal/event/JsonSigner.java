package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Signing JSON and checking a signature (Appendices, "Signing Details" and "Checking for a
 * Signature"): the signature covers the canonical JSON of the object without {@code signatures}
 * and {@code unsigned}, and sits in {@code signatures.<server name>.<key ID>} in unpadded Base64.
 *
 * <p>The methods without a {@link CanonicalJson} argument use {@link CanonicalJson#STRICT}, as
 * any JSON but the events of old room versions must be; events pass their room version's
 * rules (see {@link EventSigner}).
 */
public final class JsonSigner {
    private static final Set<String> UNSIGNED_PARTS = Set.of("signatures", "unsigned");

    private JsonSigner() {
    }

    /** A copy of the JSON with the server's signature added to any already there. */
    public static ObjectNode sign(ObjectNode json, String serverName, SigningKey key) {
        return sign(json, serverName, key, CanonicalJson.STRICT);
    }

    /**
     * A copy of the JSON with the server's signature added to any already there.
     *
     * @throws NotCanonicalJsonException if the JSON has no canonical form under these rules
     */
    public static ObjectNode sign(ObjectNode json, String serverName, SigningKey key, CanonicalJson rules) {
        byte[] signature = key.sign(signedBytes(json, rules));
        ObjectNode signed = json.deepCopy();
        addSignature(signed, serverName, key, signature);
        return signed;
    }

    /** The bytes a signature of the JSON covers: its canonical form without {@code signatures} and {@code unsigned}. */
    static byte[] signedBytes(ObjectNode json, CanonicalJson rules) {
        return rules.encode(JsonObjects.without(json, UNSIGNED_PARTS));
    }

    /** Puts the signature in {@code signatures.<server name>.<key ID>}, beside any already there. */
    static void addSignature(ObjectNode json, String serverName, SigningKey key, byte[] signature) {
        json.withObjectProperty("signatures")
                .withObjectProperty(serverName)
                .put(key.keyId(), UnpaddedBase64.encode(signature));
    }

    /** Whether the JSON carries a valid signature by the server with this key. */
    public static boolean verify(ObjectNode json, String serverName, VerifyKey key) {
        return verify(json, serverName, key, CanonicalJson.STRICT);
    }

    /**
     * Whether the JSON carries a valid signature by the server with this key. A missing or
     * undecodable signature is no valid signature.
     *
     * @throws NotCanonicalJsonException if the JSON has no canonical form under these rules,
     *     which callers report as bad JSON rather than a bad signature
     */
    public static boolean verify(ObjectNode json, String serverName, VerifyKey key, CanonicalJson rules) {
        Optional<byte[]> signature = UnpaddedBase64.decodeText(json.path("signatures").path(serverName).path(key.keyId()));
        return signature.isPresent()
                && key.verify(rules.encode(JsonObjects.without(json, UNSIGNED_PARTS)), signature.get());
    }

    /**
     * The IDs of the Ed25519 keys the server signed the JSON with, in order; signatures of
     * algorithms we do not know are left out, as step 2 of "Checking for a Signature" asks.
     */
    public static List<String> signingKeyIds(ObjectNode json, String serverName) {
        List<String> keyIds = new ArrayList<>();
        json.path("signatures").path(serverName).fieldNames().forEachRemaining(keyId -> {
            if (keyId.startsWith(VerifyKey.ALGORITHM_PREFIX)) {
                keyIds.add(keyId);
            }
        });
        return keyIds;
    }
}
