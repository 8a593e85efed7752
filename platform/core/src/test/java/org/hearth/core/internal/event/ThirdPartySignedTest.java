package org.hearth.core.internal.event;

import static org.hearth.core.internal.event.AppendixSigningKey.KEY;
import static org.hearth.core.internal.event.TestJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThirdPartySignedTest {
    private static final String SIGNED = "{\"mxid\": \"@bob:example.org\", \"token\": \"abc\"}";

    @Test
    void anySignatureMatchingAnyKeyCountsWhateverItsServerNameAndKeyId() {
        SigningKey other = SigningKey.generate(new SecureRandom());
        // SyTest's identity server signs with its ephemeral key under the ID ed25519:0
        ObjectNode signed = JsonSigner.sign(object(SIGNED), "id.example.org:8090", KEY);
        String key = KEY.verifyKey().publicKeyBase64();

        assertEquals(Optional.of(key), ThirdPartySigned.keyThatSigned(signed,
                List.of(other.verifyKey().publicKeyBase64(), key)));
    }

    @Test
    void aUrlSafeKeyIsReadToo() {
        ObjectNode signed = JsonSigner.sign(object(SIGNED), "id.example.org", KEY);
        String urlSafe = KEY.verifyKey().publicKeyBase64().replace('+', '-').replace('/', '_');

        assertEquals(Optional.of(urlSafe), ThirdPartySigned.keyThatSigned(signed, List.of(urlSafe)));
    }

    @Test
    void aSignatureByAnotherKeyOrOverOtherContentDoesNot() {
        SigningKey other = SigningKey.generate(new SecureRandom());
        String key = KEY.verifyKey().publicKeyBase64();
        ObjectNode byOther = JsonSigner.sign(object(SIGNED), "id.example.org", other);
        ObjectNode altered = JsonSigner.sign(object(SIGNED), "id.example.org", KEY).put("mxid", "@eve:example.org");

        assertTrue(ThirdPartySigned.keyThatSigned(byOther, List.of(key)).isEmpty());
        assertTrue(ThirdPartySigned.keyThatSigned(altered, List.of(key)).isEmpty());
        assertTrue(ThirdPartySigned.keyThatSigned(object(SIGNED), List.of(key)).isEmpty(), "unsigned");
        assertTrue(ThirdPartySigned.keyThatSigned(byOther, List.of("not base64!")).isEmpty());
    }
}
