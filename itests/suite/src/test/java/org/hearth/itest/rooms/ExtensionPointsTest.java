package org.hearth.itest.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bundle that is not core hooks into the event path through org.hearth.api only: the echo test
 * bundle's EventPolicy refuses a word, its EventListener hears every stored event in order.
 */
class ExtensionPointsTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration)
            .deploying(org.hearth.itest.TestBundles.echo());

    @BeforeAll
    static void echoBundleIsUp() {
        Await.until("the echo bundle", Duration.ofSeconds(20),
                () -> server.http().get("/_hearth/test/heard").status() == 200);
    }

    @Test
    void policyRefusesAndListenerHears() {
        Accounts.Login alice = Accounts.register(server.http(), "policyalice", "pw");
        String roomId = alice.http().post("/_matrix/client/v3/createRoom", Map.of()).json().get("room_id").asText();
        Reply refused = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/1",
                Map.of("msgtype", "m.text", "body", "this has the forbidden-word in it"));
        assertEquals(403, refused.status());
        assertEquals("M_FORBIDDEN", refused.errcode());
        assertEquals("The echo bundle does not allow that word", refused.json().get("error").asText());

        String ok = alice.http().put("/_matrix/client/v3/rooms/" + roomId + "/send/m.room.message/2",
                Map.of("msgtype", "m.text", "body", "harmless")).json().get("event_id").asText();
        Await.until("the listener to hear the message", Duration.ofSeconds(10),
                () -> server.http().get("/_hearth/test/heard").text().contains(ok));
        JsonNode heard = server.http().get("/_hearth/test/heard").json().get("heard");
        List<Long> positions = new ArrayList<>();
        heard.forEach(h -> positions.add(Long.parseLong(h.asText().split(" ")[1])));
        List<Long> sorted = new ArrayList<>(positions);
        sorted.sort(null);
        assertEquals(sorted, positions, "heard in stream order");
        assertTrue(heard.size() >= 7, "the room's creation events and the message: " + heard);
    }
}
