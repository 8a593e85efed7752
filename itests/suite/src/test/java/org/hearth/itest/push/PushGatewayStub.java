package org.hearth.itest.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A push gateway on 127.0.0.1 for the tests: records every {@code POST /_matrix/push/v1/notify}
 * body; answers 500 to the first {@link #failNext} requests, then 200 with {@link #rejected}
 * (those bodies are also in {@link #delivered}). Public for the tests of pushes that federation brings.
 */
public final class PushGatewayStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    volatile List<String> rejected = List.of();

    public PushGatewayStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/_matrix/push/v1/notify", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            received.add(body);
            boolean fail = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (!fail) {
                delivered.add(body);
            }
            byte[] answer = (fail ? "{}" : JSON.writeValueAsString(java.util.Map.of("rejected", rejected)))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/_matrix/push/v1/notify";
    }

    /** The bodies received for the event. */
    public List<JsonNode> about(String eventId) {
        return received.stream().filter(b -> eventId.equals(b.at("/notification/event_id").asText())).toList();
    }

    /** Whether a body about the event was answered 200. */
    boolean delivered(String eventId) {
        return delivered.stream().anyMatch(b -> eventId.equals(b.at("/notification/event_id").asText()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
