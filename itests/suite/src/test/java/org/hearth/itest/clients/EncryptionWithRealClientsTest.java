package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End-to-end encryption with matrix-js-sdk and its Rust crypto, which nobody at Hearth wrote
 * (itests/clients/js/encryption.mjs): Alice and Bob each decrypt the other's messages in an
 * encrypted room while the server holds only ciphertext; Alice's cross-signing, secret storage
 * and key backup let her second device trust her first and read the messages sent before it
 * existed, restored from the backup.
 */
class EncryptionWithRealClientsTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Test
    void matrixJsSdkWithRustCrypto() throws Exception {
        ClientScripts.requireJsSdk();
        JsonNode result = new ObjectMapper().readTree(ClientScripts.run(List.of(
                "node", "js/encryption.mjs", server.http().base().toString(), "e2e")));

        List<String> both = List.of("secret from alice", "secret from bob");
        assertEquals(both, texts(result.get("bobSawFromAlice")), "Bob decrypted both messages");
        assertEquals(both, texts(result.get("aliceSawFromBob")), "Alice decrypted both messages");
        assertTrue(result.get("serverSawOnlyCiphertext").asBoolean(), "the server stored m.room.encrypted events only");

        JsonNode second = result.get("secondDevice");
        assertTrue(second.get("seesFirst").asBoolean(), "the second device found the first through /keys/query");
        assertFalse(second.get("firstVerifiedBefore").asBoolean(), "not trusted before it has the cross-signing keys");
        assertTrue(second.get("firstSignedByOwner").asBoolean(), "the first device is signed by Alice's self-signing key");
        assertTrue(second.get("firstVerifiedAfter").asBoolean(), "and verified once the second device trusts the identity");
        assertEquals(2, second.get("restoredImported").asInt(), "both room keys came back from the backup: " + second);
        assertEquals(both, texts(second.get("decrypted")), "the new device reads the old messages");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
