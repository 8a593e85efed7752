package org.hearth.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * An Ed25519 key pair that signs JSON the way Matrix clients do (Appendices, "Signing JSON"),
 * with the JDK's own Ed25519: tests and benchmarks sign independently of the server's code.
 */
public final class Ed25519Keys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair pair;

    public Ed25519Keys() {
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 32-byte public key in unpadded Base64 (the last 32 bytes of its X.509 encoding). */
    public String publicKey() {
        byte[] encoded = pair.getPublic().getEncoded();
        return base64(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    /**
     * The 32-byte private seed in unpadded Base64 (the last 32 bytes of its PKCS#8 encoding): a
     * server's {@code signing.key} line is {@code ed25519 <version> <seed>}, so a benchmark can
     * give a server this key and sign requests as that server.
     */
    public String seed() {
        byte[] encoded = pair.getPrivate().getEncoded();
        return base64(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    /**
     * The {@code Authorization} header of a federation request sent as {@code origin} with this
     * key (Server-Server API, "Request Authentication"); {@code content} null for none.
     */
    public String authorization(String origin, String keyId, String method, String target, String destination,
                                JsonNode content) {
        ObjectNode signed = JSON.createObjectNode().put("method", method).put("uri", target).put("origin", origin)
                .put("destination", destination);
        if (content != null) {
            signed.set("content", content);
        }
        sign(signed, origin, keyId);
        String sig = signed.path("signatures").path(origin).path(keyId).asText();
        return "X-Matrix origin=\"" + origin + "\",destination=\"" + destination + "\",key=\"" + keyId
                + "\",sig=\"" + sig + "\"";
    }

    /** Adds {@code signatures.<signer>.<keyId>} over the JSON without its signatures and unsigned parts. */
    public ObjectNode sign(ObjectNode json, String signer, String keyId) {
        ObjectNode unsigned = json.deepCopy();
        unsigned.remove("signatures");
        unsigned.remove("unsigned");
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(pair.getPrivate());
            signature.update(canonical(unsigned).getBytes(StandardCharsets.UTF_8));
            json.withObjectProperty("signatures").withObjectProperty(signer).put(keyId, base64(signature.sign()));
            return json;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the JSON carries a valid signature of {@code signer} with {@code keyId} by the
     * 32-byte public key given in unpadded Base64: the check a remote party makes.
     */
    public static boolean verify(ObjectNode json, String signer, String keyId, String publicKeyBase64) {
        String signature = json.path("signatures").path(signer).path(keyId).asText(null);
        if (signature == null) {
            return false;
        }
        ObjectNode unsigned = json.deepCopy();
        unsigned.remove("signatures");
        unsigned.remove("unsigned");
        try {
            byte[] raw = Base64.getDecoder().decode(publicKeyBase64);
            byte[] spki = new byte[12 + raw.length]; // X.509 SubjectPublicKeyInfo of an Ed25519 key
            System.arraycopy(new byte[] {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00}, 0, spki, 0, 12);
            System.arraycopy(raw, 0, spki, 12, raw.length);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(java.security.KeyFactory.getInstance("Ed25519")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(spki)));
            verifier.update(canonical(unsigned).getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Canonical JSON for the ASCII-only test objects: keys sorted, no whitespace. */
    public static String canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                sorted.put(name, node.get(name));
            }
            StringBuilder out = new StringBuilder("{");
            sorted.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(quote(k)).append(':').append(canonical(v)));
            return out.append('}').toString();
        }
        if (node.isArray()) {
            StringBuilder out = new StringBuilder("[");
            node.forEach(v -> out.append(out.length() > 1 ? "," : "").append(canonical(v)));
            return out.append(']').toString();
        }
        return node.toString();
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
