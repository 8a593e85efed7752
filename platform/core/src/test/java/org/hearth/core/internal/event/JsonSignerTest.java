package org.hearth.core.internal.event;

import static org.hearth.core.internal.event.AppendixSigningKey.KEY;
import static org.hearth.core.internal.event.AppendixSigningKey.SERVER_NAME;
import static org.hearth.core.internal.event.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSignerTest {

    /** Appendices, "Cryptographic Test Vectors" → "JSON Signing": the empty object. */
    @Test
    void signsTheEmptyObjectAsTheAppendixDoes() {
        ObjectNode signed = JsonSigner.sign(object("{}"), SERVER_NAME, KEY);

        assertEquals(object("""
                {
                    "signatures": {
                        "domain": {
                            "ed25519:1": "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"
                        }
                    }
                }"""), signed);
        assertTrue(JsonSigner.verify(signed, SERVER_NAME, KEY.verifyKey()));
    }

    /** Appendices, "Cryptographic Test Vectors" → "JSON Signing": an object with data values. */
    @Test
    void signsAnObjectWithDataAsTheAppendixDoes() {
        ObjectNode signed = JsonSigner.sign(object("{\"one\": 1, \"two\": \"Two\"}"), SERVER_NAME, KEY);

        assertEquals(object("""
                {
                    "one": 1,
                    "signatures": {
                        "domain": {
                            "ed25519:1": "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"
                        }
                    },
                    "two": "Two"
                }"""), signed);
        assertTrue(JsonSigner.verify(signed, SERVER_NAME, KEY.verifyKey()));
    }

    @Test
    void theAppendixSeedGivesItsPublicKey() {
        // Not in the spec: derived from the appendix seed with PyNaCl (Debian python3-nacl).
        assertEquals("XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI", KEY.verifyKey().publicKeyBase64());
        assertEquals("ed25519:1", KEY.keyId());
    }

    @Test
    void unsignedAndOtherSignaturesAreNotCovered() {
        ObjectNode signed = JsonSigner.sign(object("{\"one\": 1, \"unsigned\": {\"age_ts\": 1}}"), SERVER_NAME, KEY);
        assertEquals(object("{\"age_ts\": 1}"), signed.get("unsigned"));

        signed.putObject("unsigned").put("age_ts", 2);
        signed.withObjectProperty("signatures").putObject("other.example").put("ed25519:x", "c2lnbmF0dXJl");
        assertTrue(JsonSigner.verify(signed, SERVER_NAME, KEY.verifyKey()));

        signed.put("one", 2);
        assertFalse(JsonSigner.verify(signed, SERVER_NAME, KEY.verifyKey()));
    }

    @Test
    void signingLeavesTheOriginalAndEarlierSignaturesAlone() {
        ObjectNode original = object("{\"signatures\": {\"domain\": {\"ed25519:0\": \"b2xk\"}}}");
        ObjectNode signed = JsonSigner.sign(original, SERVER_NAME, KEY);

        assertEquals(object("{\"signatures\": {\"domain\": {\"ed25519:0\": \"b2xk\"}}}"), original);
        assertEquals(List.of("ed25519:0", "ed25519:1"), JsonSigner.signingKeyIds(signed, SERVER_NAME));
    }

    @Test
    void aMissingWrongOrGarbledSignatureIsNoSignature() {
        SigningKey stranger = SigningKey.generate(new SecureRandom());
        ObjectNode signed = JsonSigner.sign(object("{}"), SERVER_NAME, KEY);

        assertFalse(JsonSigner.verify(signed, "elsewhere", KEY.verifyKey()));
        assertFalse(JsonSigner.verify(signed, SERVER_NAME, VerifyKey.of("ed25519:1", stranger.verifyKey().publicKeyBase64())));
        ((ObjectNode) signed.path("signatures").path(SERVER_NAME)).put("ed25519:1", "*not base64*");
        assertFalse(JsonSigner.verify(signed, SERVER_NAME, KEY.verifyKey()));
    }

    @Test
    void onlyEd25519KeyIdsAreListed() {
        ObjectNode json = object("{\"signatures\": {\"domain\": {\"ed25519:a\": \"x\", \"curve25519:b\": \"y\"}}}");
        assertEquals(List.of("ed25519:a"), JsonSigner.signingKeyIds(json, SERVER_NAME));
        assertEquals(List.of(), JsonSigner.signingKeyIds(json, "elsewhere"));
    }

    @Test
    void strictRulesApplyUnlessLenientOnesAreAskedFor() {
        ObjectNode json = object("{\"power\": 50.5}");
        assertThrows(NotCanonicalJsonException.class, () -> JsonSigner.sign(json, SERVER_NAME, KEY));

        ObjectNode signed = JsonSigner.sign(json, SERVER_NAME, KEY, CanonicalJson.LENIENT);
        assertTrue(JsonSigner.verify(signed, SERVER_NAME, KEY.verifyKey(), CanonicalJson.LENIENT));
    }
}
