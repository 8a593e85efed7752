package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * matrix-js-sdk's {@code SlidingSync} loop against simplified sliding sync: a user in 50 rooms
 * sees them newest first, a new message moves its room to the top, an invite arrives with its
 * stripped state, a to-device message comes through the {@code to_device} extension.
 */
class SlidingSyncWithRealClientTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Test
    void matrixJsSdkSlidingSync() throws Exception {
        ClientScripts.requireJsSdk();
        JsonNode seen = new ObjectMapper().readTree(ClientScripts.run(List.of(
                "node", "js/sliding-sync.mjs", server.http().base().toString(), "ss")));
        assertTrue(seen.get("roomsSeen").asInt() >= 50, seen.toString());
        assertEquals(seen.get("newestRoom").asText(), seen.get("firstTop").asText(), "newest first");
        assertEquals(seen.get("oldest").asText(), seen.get("topAfterMessage").asText(), "the message moved it up");
        assertEquals("[\"bump\"]", seen.get("bumpedTimeline").toString());
        assertEquals(seen.get("invitedRoom").asText(), seen.get("topAfterInvite").asText(), "the invite is newest");
        assertEquals("bob's room", seen.get("inviteName").asText());
        assertEquals("invite", seen.get("inviteMembership").asText(), seen.toString());
        assertEquals("join", seen.get("inviterMembership").asText(), "who invited: " + seen);
        assertEquals(51, seen.get("count").asInt(), seen.toString());
        assertEquals("org.example.ping", seen.at("/toDevice/0/type").asText(), seen.toString());
        assertEquals(1, seen.at("/toDevice/0/n").asInt());
    }
}
