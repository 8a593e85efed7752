package org.hearth.federation.internal.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.CanonicalJson;
import org.hearth.federation.internal.json.Signatures;
import org.junit.jupiter.api.Test;

/** Which notary signatures make a notary's answer count (the origin's own is checked by KeyFetcher). */
class NotaryKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerName NOTARY = new ServerName("notary.test");
    private static final NotaryKeys.DirectKeys NO_DIRECT = (s, k, at) -> Optional.empty();

    private final Ed25519PrivateKeyParameters notaryKey = new Ed25519PrivateKeyParameters(new SecureRandom());
    private final Ed25519PrivateKeyParameters otherKey = new Ed25519PrivateKeyParameters(new SecureRandom());

    private static ObjectNode response() {
        ObjectNode r = JSON.createObjectNode().put("server_name", "origin.test").put("valid_until_ts", 1L);
        r.putObject("verify_keys").putObject("ed25519:o").put("key", "AAAA");
        return r;
    }

    private static ObjectNode signed(ObjectNode response, String server, String keyId, Ed25519PrivateKeyParameters key) {
        ObjectNode body = response.deepCopy();
        body.remove("signatures");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] canonical = CanonicalJson.encode(body);
        signer.update(canonical, 0, canonical.length);
        ObjectNode signatures = response.has("signatures") ? (ObjectNode) response.get("signatures")
                : response.putObject("signatures");
        ObjectNode bySigner = signatures.has(server) ? (ObjectNode) signatures.get(server) : signatures.putObject(server);
        bySigner.put(keyId, Signatures.unpaddedBase64(signer.generateSignature()));
        return response;
    }

    private byte[] publicOf(Ed25519PrivateKeyParameters key) {
        return key.generatePublicKey().getEncoded();
    }

    @Test
    void aSignatureWithAPinnedKeyCounts() {
        ObjectNode r = signed(response(), NOTARY.value(), "ed25519:n", notaryKey);
        assertTrue(NotaryKeys.signedByNotary(r, NOTARY, Map.of("ed25519:n", publicOf(notaryKey)), NO_DIRECT, 0));
    }

    @Test
    void aSignatureWithAnotherKeyThanThePinnedOnesDoesNot() {
        ObjectNode r = signed(response(), NOTARY.value(), "ed25519:n", otherKey);
        assertFalse(NotaryKeys.signedByNotary(r, NOTARY, Map.of("ed25519:n", publicOf(notaryKey)), NO_DIRECT, 0));
        // the notary's key as fetched from it does not count where the operator pinned keys
        assertFalse(NotaryKeys.signedByNotary(r, NOTARY, Map.of("ed25519:n", publicOf(notaryKey)),
                (s, k, at) -> Optional.of(publicOf(otherKey)), 0));
    }

    @Test
    void withoutPinnedKeysTheNotarysOwnKeyIsFetched() {
        ObjectNode r = signed(response(), NOTARY.value(), "ed25519:n", notaryKey);
        assertTrue(NotaryKeys.signedByNotary(r, NOTARY, Map.of(),
                (s, k, at) -> s.equals(NOTARY) && k.equals("ed25519:n") ? Optional.of(publicOf(notaryKey))
                        : Optional.empty(), 0));
        assertFalse(NotaryKeys.signedByNotary(r, NOTARY, Map.of(), NO_DIRECT, 0), "its key unknown");
    }

    @Test
    void theOriginsSignatureAloneIsNotTheNotarys() {
        ObjectNode r = signed(response(), "origin.test", "ed25519:n", notaryKey);
        assertFalse(NotaryKeys.signedByNotary(r, NOTARY, Map.of("ed25519:n", publicOf(notaryKey)), NO_DIRECT, 0));
    }

    @Test
    void aResponseChangedAfterTheNotarySignedDoesNotCount() {
        ObjectNode r = signed(response(), NOTARY.value(), "ed25519:n", notaryKey);
        r.put("valid_until_ts", Long.MAX_VALUE);
        assertFalse(NotaryKeys.signedByNotary(r, NOTARY, Map.of("ed25519:n", publicOf(notaryKey)), NO_DIRECT, 0));
    }
}
