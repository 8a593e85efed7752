package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * matrix-js-sdk against the push module: read receipts seen by the other user, unread counts
 * falling after a receipt, a push rule change reaching another device of the user, and pushes
 * delivered to a push gateway this test runs on 127.0.0.1 (allowed by the server's configuration).
 */
class PushWithRealClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c.openRegistration().set("push.allow_private_addresses", true));

    @Test
    void matrixJsSdk() throws Exception {
        ClientScripts.requireJsSdk();
        List<JsonNode> pushes = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/_matrix/push/v1/notify", exchange -> {
            pushes.add(JSON.readTree(exchange.getRequestBody()));
            byte[] ok = "{\"rejected\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        gateway.start();
        try {
            String url = "http://127.0.0.1:" + gateway.getAddress().getPort() + "/_matrix/push/v1/notify";
            JsonNode result = JSON.readTree(ClientScripts.run(List.of("node", "js/push.mjs",
                    server.http().base().toString(), "jspush", url)));
            assertEquals(2, result.get("unreadBefore").asInt());
            assertEquals(1, result.get("unreadAfterReceiptAndOneMore").asInt(), "the receipt cleared the first two");
            assertEquals(result.at("/pushed/1").asText(), result.get("aliceSawReceiptAt").asText());
            assertTrue(result.get("ruleEnabledBefore").asBoolean());
            assertFalse(result.get("ruleEnabledAfter").asBoolean());
            for (JsonNode eventId : result.get("pushed")) {
                Await.until("the push of " + eventId, Duration.ofSeconds(15), () -> pushes.stream()
                        .anyMatch(p -> eventId.asText().equals(p.at("/notification/event_id").asText())));
            }
            // The event's own push: a badge-only one (after the receipt) may come before it when the
            // receipt outruns the push stream's consumer.
            String first = result.at("/pushed/0").asText();
            JsonNode push = pushes.stream().map(p -> p.get("notification"))
                    .filter(n -> first.equals(n.path("event_id").asText())).findFirst().orElseThrow();
            assertEquals(result.get("roomId").asText(), push.get("room_id").asText());
            assertEquals("jspushkey", push.at("/devices/0/pushkey").asText());
        } finally {
            gateway.stop(0);
        }
    }
}
