package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.hearth.itest.clients.ClientScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An encrypted room spanning two Hearth servers, used by matrix-js-sdk clients with their Rust
 * crypto (itests/clients/js/encryption-federated.mjs): Alice on one server and Bob on the other
 * each decrypt what the other sent, so device lists, keys, one-time key claims and to-device
 * room keys all cross federation, both ways.
 */
class EncryptedRoomAcrossServersTest {
    @RegisterExtension
    static HearthCluster cluster = new HearthCluster("hse1.test", "hse2.test");

    @Test
    void eachSideDecryptsTheOther() throws Exception {
        ClientScripts.requireJsSdk();
        JsonNode result = new ObjectMapper().readTree(ClientScripts.run(List.of("node", "js/encryption-federated.mjs",
                cluster.member("hse1.test").http().base().toString(),
                cluster.member("hse2.test").http().base().toString(), "x" + System.nanoTime() % 100_000), 240));
        List<String> both = List.of("secret from alice", "secret from bob");
        assertEquals(both, texts(result.get("bobSawFromAlice")), "Bob on hse2 decrypted both");
        assertEquals(both, texts(result.get("aliceSawFromBob")), "Alice on hse1 decrypted both");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
