package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Two people chat through ordinary Matrix clients: with matrix-js-sdk in one room and with
 * matrix-nio in another, Alice invites Bob, Bob joins, they exchange 20 messages, each sees the
 * other's arrive through the client's own sync loop in order, Bob leaves and Alice sees it.
 */
class ConversationWithRealClientsTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Test
    void matrixJsSdk() throws Exception {
        ClientScripts.requireJsSdk();
        check(new ObjectMapper().readTree(ClientScripts.run(List.of(
                "node", "js/conversation.mjs", server.http().base().toString(), "js"))));
    }

    @Test
    void matrixNio() throws Exception {
        ClientScripts.requireNio();
        check(new ObjectMapper().readTree(ClientScripts.run(List.of(
                ClientScripts.PYTHON, "nio/conversation.py", server.http().base().toString(), "nio"))));
    }

    private static void check(JsonNode result) {
        assertEquals(expected(1), texts(result.get("aliceSawFromBob")), "Alice saw Bob's messages, in order");
        assertEquals(expected(0), texts(result.get("bobSawFromAlice")), "Bob saw Alice's messages, in order");
        assertTrue(result.get("bobLeft").asBoolean());
    }

    private static List<String> expected(int parity) {
        List<String> out = new ArrayList<>();
        for (int i = parity; i < 20; i += 2) {
            out.add("message " + i);
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
