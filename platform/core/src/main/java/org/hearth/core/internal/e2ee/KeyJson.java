package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.core.internal.event.JsonObjects;
import org.hearth.core.internal.event.JsonSigner;
import org.hearth.core.internal.event.NotCanonicalJsonException;
import org.hearth.core.internal.event.VerifyKey;

/**
 * Reading the key objects clients upload and checking their signatures (Appendices, "Signing
 * JSON", "Checking for a signature"). Shapes that break the spec's schemas are 400
 * {@code M_BAD_JSON}.
 */
final class KeyJson {
    static final String ED25519 = "ed25519:";
    private static final Set<String> NOT_SIGNED = Set.of("signatures", "unsigned");

    private KeyJson() {
    }

    static ObjectNode object(JsonNode node, String what) throws MatrixException {
        if (node == null || !node.isObject()) {
            throw MatrixException.badJson(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** An optional object field; empty object when absent or null. */
    static ObjectNode optionalObject(JsonNode parent, String field, String what) throws MatrixException {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() ? JsonNodeFactory.instance.objectNode() : object(value, what);
    }

    static String text(JsonNode parent, String field, String what) throws MatrixException {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw MatrixException.badJson(what + "." + field + " must be a string");
        }
        return value.textValue();
    }

    /** {@code signatures}: user → key ID → signature, every value a string. */
    static void checkSignatures(JsonNode key, String what) throws MatrixException {
        JsonNode signatures = key.get("signatures");
        if (signatures == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> bySigner : object(signatures, what + ".signatures").properties()) {
            for (Map.Entry<String, JsonNode> sig : object(bySigner.getValue(), what + ".signatures").properties()) {
                if (!sig.getValue().isTextual()) {
                    throw MatrixException.badJson(what + ".signatures values must be strings");
                }
            }
        }
    }

    /**
     * Whether the JSON carries a valid signature by {@code signer}'s Ed25519 key {@code keyId}
     * ({@code ed25519:…}) whose public key is {@code publicKey}; a key that is not an Ed25519 key
     * verifies nothing.
     */
    static boolean signedBy(ObjectNode json, UserId signer, String keyId, String publicKey) throws MatrixException {
        VerifyKey key;
        try {
            key = VerifyKey.of(keyId, publicKey);
        } catch (IllegalArgumentException notAKey) {
            return false;
        }
        try {
            return JsonSigner.verify(json, signer.toString(), key);
        } catch (NotCanonicalJsonException e) {
            throw MatrixException.badJson("Signed JSON must be canonical JSON: " + e.getMessage());
        }
    }

    /** The part of a key object its signatures cover: all but {@code signatures} and {@code unsigned}. */
    static ObjectNode signedPart(ObjectNode json) {
        return JsonObjects.without(json, NOT_SIGNED);
    }
}
