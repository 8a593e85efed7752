package org.hearth.federation.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checking a signature on JSON (Appendices, "Checking for a Signature"): Ed25519 over the
 * canonical JSON without {@code signatures} and {@code unsigned}, in unpadded Base64 under
 * {@code signatures.<server>.<key ID>}. Signing is core's (ServerIdentity), which holds the key.
 */
public final class Signatures {
    private Signatures() {
    }

    /** Whether the object carries a valid signature of the server with that key; false for anything malformed. */
    public static boolean verify(ObjectNode json, String server, String keyId, byte[] publicKey) {
        Optional<byte[]> signature = base64(json.path("signatures").path(server).path(keyId));
        if (signature.isEmpty() || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            return false;
        }
        ObjectNode signed = json.deepCopy();
        signed.remove("signatures");
        signed.remove("unsigned");
        return verifyBytes(CanonicalJson.encode(signed), signature.get(), publicKey);
    }

    /** Ed25519 over raw bytes. */
    public static boolean verifyBytes(byte[] message, byte[] signature, byte[] publicKey) {
        if (signature.length != 64 || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** Unpadded Base64 (padded is accepted too, as the appendix allows decoders to). */
    public static Optional<byte[]> base64(JsonNode text) {
        return text.isTextual() ? base64(text.textValue()) : Optional.empty();
    }

    public static Optional<byte[]> base64(String text) {
        try {
            String unpadded = text.endsWith("==") ? text.substring(0, text.length() - 2)
                    : text.endsWith("=") ? text.substring(0, text.length() - 1) : text;
            return Optional.of(Base64.getDecoder().decode(unpadded.replace('-', '+').replace('_', '/')));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static String unpaddedBase64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
