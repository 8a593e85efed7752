package org.hearth.itest.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notification owed to a push gateway that is down when the server stops is delivered once the
 * gateway is back after the restart: the pusher's stored position, not the event stream's
 * acknowledgement, says what it still owes.
 */
abstract class PushDurabilityContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    Path dir;

    abstract TestConfig config(Path dir);

    @Test
    void aNotificationOwedToAGatewayThatIsDownIsDeliveredAfterARestart() {
        TestConfig config = config(dir).openRegistration().set("push.allow_private_addresses", true);
        Path file = config.write();
        try (PushGatewayStub gateway = new PushGatewayStub()) {
            gateway.failNext.set(Integer.MAX_VALUE);
            String event;
            try (HearthProcess first = HearthProcess.launch(file, config.port()).awaitReady()) {
                Chat c = Chat.between(first.http());
                Map<String, Object> pusher = Map.of("kind", "http", "app_id", "org.example.app", "pushkey", "phone",
                        "app_display_name", "Example", "device_display_name", "Phone", "lang", "en",
                        "data", Map.of("url", gateway.url()));
                assertEquals(200, PushersContract.set(c.bob(), pusher).status());
                event = Chat.send(c.alice(), c.roomId(), "while the gateway is down");
                Await.until("every attempt of the first round", WAIT,
                        () -> gateway.about(event).size() >= PushersContract.ATTEMPTS);
                // The stream consumer has acknowledged the event: only the pusher's position keeps it owed.
                Await.until("the push consumer caught up", WAIT, () -> first.http().get("/_hearth/metrics").text()
                        .contains("hearth_event_stream_lag{consumer=\"push-gateway\"} 0.0"));
            } // stopped (SIGTERM) while the pusher backs off
            gateway.failNext.set(0);
            try (HearthProcess second = HearthProcess.launch(file, config.port()).awaitReady()) {
                Await.until("the push after the restart", WAIT, () -> gateway.delivered(event));
            }
        }
    }
}
