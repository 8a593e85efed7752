package org.hearth.itest.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default configuration: a pusher may name a gateway on a loopback address, but nothing is
 * ever sent there (a user must not make the server reach inside its own network).
 */
class PushToPrivateAddressesTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(TestConfig::openRegistration);

    @Test
    void nothingIsPushedToLoopback() throws Exception {
        try (PushGatewayStub gateway = new PushGatewayStub()) {
            Chat c = Chat.between(server.http());
            Map<String, Object> pusher = Map.of("kind", "http", "app_id", "org.example.app", "pushkey", "k",
                    "app_display_name", "Example", "device_display_name", "Phone", "lang", "en",
                    "data", Map.of("url", gateway.url()));
            assertEquals(200, PushersContract.set(c.bob(), pusher).status());
            for (int i = 0; i < 3; i++) {
                Chat.send(c.alice(), c.roomId(), "hello " + i);
            }
            // The push-gateway consumer has taken every event (its delivery attempts are behind it).
            Await.until("the push consumer caught up", Duration.ofSeconds(30), () -> server.http().get("/_hearth/metrics")
                    .text().contains("hearth_event_stream_lag{consumer=\"push-gateway\"} 0.0"));
            assertTrue(gateway.received.isEmpty(), "pushed to loopback: " + gateway.received);
            assertEquals(4, c.bob().http().get("/_matrix/client/v3/notifications").json().get("notifications").size(),
                    "the notifications (3 messages, the invite) exist: only their delivery was refused");
        }
    }
}
