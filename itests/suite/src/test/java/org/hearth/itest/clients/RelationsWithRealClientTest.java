package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.StreamSupport;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thread with replies, an edit and a reaction, read back through matrix-js-sdk's relations and
 * thread-list APIs (itests/clients/js/relations.mjs): the replies in order and paged, the reaction
 * by its key, the thread summary and the latest edit bundled with the root (whose content stays).
 */
class RelationsWithRealClientTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Test
    void matrixJsSdk() throws Exception {
        ClientScripts.requireJsSdk();
        JsonNode r = new ObjectMapper().readTree(ClientScripts.run(List.of(
                "node", "js/relations.mjs", server.http().base().toString(), "rel")));
        String root = r.get("root").asText();
        String reply1 = r.get("reply1").asText();
        String reply2 = r.get("reply2").asText();
        assertEquals(List.of(reply1, reply2), strings(r.get("threadReplies")));
        assertEquals(List.of("yes", "at noon"), strings(r.get("threadBodies")));
        assertEquals(List.of("👍"), strings(r.get("reactions")));
        assertEquals(List.of(List.of(reply2), List.of(reply1)),
                List.of(strings(r.at("/pages/0")), strings(r.at("/pages/1"))), "paged newest first");
        assertEquals("lunch?", r.get("rootBody").asText(), "the server does not replace the content");
        assertEquals(2, r.get("threadCount").asInt());
        assertEquals(reply2, r.get("threadLatest").asText());
        assertTrue(r.get("bobParticipated").asBoolean());
        assertEquals(r.get("edit").asText(), r.get("latestEdit").asText());
        assertEquals(List.of(root), strings(r.get("threadRoots")));
        assertEquals(List.of(root), strings(r.get("participatedRoots")));
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
