package org.hearth.itest.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.hearth.testkit.Ed25519Keys;

/**
 * Another homeserver as far as the server under test can tell, played by the test: an HTTPS
 * server with a certificate for its name, publishing its Ed25519 key at
 * {@code /_matrix/key/v2/server}, signing the requests the test sends as it, and recording the
 * requests it receives.
 */
final class PlayedServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request it received: method, target, Authorization header and body. */
    record Received(String method, String target, String authorization, String body) {}

    final String name;
    final String keyId = "ed25519:played";
    final Ed25519Keys keys = new Ed25519Keys();
    private final HttpsServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    /** Paths answered with bytes of a media type: {type, bytes}. */
    private final Map<String, Object[]> files = new ConcurrentHashMap<>();
    private final Map<String, Function<Received, JsonNode>> computed = new ConcurrentHashMap<>();
    private final List<Received> refused = new CopyOnWriteArrayList<>();
    private volatile int sendFailures;
    /** While set, transactions wait for it before they are answered (a slow server); released by the test. */
    private volatile CountDownLatch transactionGate;
    private final AtomicInteger held = new AtomicInteger();
    /** While set, file answers ({@link #answerFile}) wait for it before they are sent; released by the test. */
    private volatile CountDownLatch fileGate;

    /**
     * @param certificate {certificate, key} PEM files for the name (from a CA the server under test may or may not trust)
     */
    PlayedServer(String name, Path[] certificate) {
        this.name = name;
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(serverContext(certificate[0], certificate[1])));
            server.createContext("/", this::handle);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return received;
    }

    /** Answers a path with this JSON (200) from now on. */
    void answer(String path, JsonNode body) {
        try {
            answers.put(path, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers a path with these bytes of this media type (200) from now on, as a media download. */
    void answerFile(String path, String contentType, byte[] bytes) {
        files.put(path, new Object[] {contentType, bytes});
    }

    /** Holds every file answer until {@link #releaseFiles}, as a slow server. */
    void holdFiles() {
        fileGate = new CountDownLatch(1);
    }

    /** Sends the held file answers and those that follow at once again. */
    void releaseFiles() {
        CountDownLatch gate = fileGate;
        fileGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Answers every path under this prefix (200) with what {@code answer} makes of the request, from now on. */
    void answerUnder(String pathPrefix, Function<Received, JsonNode> answer) {
        computed.put(pathPrefix, answer);
    }

    /** Answers the next {@code n} transactions ({@code PUT /send/…}) with 500, as a server that is down. */
    void failTransactions(int n) {
        sendFailures = n;
    }

    /** Holds every transaction unanswered until {@link #releaseTransactions}, as a server that is slow. */
    void holdTransactions() {
        transactionGate = new CountDownLatch(1);
    }

    /** How many transactions wait unanswered now. */
    int heldTransactions() {
        return held.get();
    }

    /** Answers the held transactions and those that follow at once again. */
    void releaseTransactions() {
        CountDownLatch gate = transactionGate;
        transactionGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** The transactions it answered 500. */
    List<Received> refusedTransactions() {
        return refused;
    }

    /** The transactions it received and answered 200, in order. */
    List<Received> transactions() {
        return received.stream().filter(r -> r.method().equals("PUT") && r.target().startsWith("/_matrix/federation/v1/send/"))
                .toList();
    }

    /** Its key response, valid for an hour, signed by it. */
    ObjectNode keyResponse() {
        ObjectNode response = JSON.createObjectNode().put("server_name", name)
                .put("valid_until_ts", System.currentTimeMillis() + 3600_000);
        response.putObject("verify_keys").putObject(keyId).put("key", keys.publicKey());
        response.putObject("old_verify_keys");
        return keys.sign(response, name, keyId);
    }

    /**
     * A member event or an event without special redaction rules (a message, a redaction) of room
     * version 10 sent by it: its content hash, then its signature over the redacted form (the
     * top-level keys the algorithm keeps; of the content, only a member event's {@code membership}).
     */
    ObjectNode signedEvent(ObjectNode event) {
        ObjectNode hashed = event.deepCopy();
        hashed.remove(List.of("unsigned", "signatures", "hashes"));
        event.putObject("hashes").put("sha256", Base64.getEncoder().withoutPadding()
                .encodeToString(sha256(Ed25519Keys.canonical(hashed))));
        ObjectNode redacted = keys.sign(redacted(event), name, keyId);
        event.withObjectProperty("signatures").set(name, redacted.path("signatures").path(name));
        return event;
    }

    /** The ID of a room version 4+ event: the reference hash of its redacted form, URL-safe. */
    static String eventId(ObjectNode event) {
        ObjectNode redacted = redacted(event);
        redacted.remove("signatures");
        return "$" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(Ed25519Keys.canonical(redacted)));
    }

    private static ObjectNode redacted(ObjectNode event) {
        ObjectNode redacted = event.deepCopy();
        redacted.retain(List.of("event_id", "type", "room_id", "sender", "state_key", "content", "hashes",
                "signatures", "depth", "prev_events", "prev_state", "auth_events", "origin", "origin_server_ts",
                "membership"));
        ObjectNode content = redacted.putObject("content");
        if ("m.room.member".equals(event.path("type").asText())) {
            content.put("membership", event.path("content").path("membership").asText());
        }
        if ("m.room.redaction".equals(event.path("type").asText()) && !event.has("redacts")) {
            content.set("redacts", event.path("content").path("redacts")); // versions 11 on, where it moved there
        }
        return redacted;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code Authorization} header of a request from it, signed by {@code signer}'s key. */
    String authorization(String method, String target, String destination, JsonNode content, Ed25519Keys signer) {
        return signer.authorization(name, keyId, method, target, destination, content);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes());
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        Received request = new Received(exchange.getRequestMethod(), target,
                exchange.getRequestHeaders().getFirst("Authorization"), body);
        byte[] answer;
        int status = 200;
        String contentType = "application/json";
        boolean transaction = target.startsWith("/_matrix/federation/v1/send/");
        CountDownLatch gate = transactionGate;
        if (transaction && gate != null) {
            held.incrementAndGet();
            try {
                gate.await(2, TimeUnit.MINUTES); // bounded: a test that forgets to release does not hang
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.decrementAndGet();
            }
        }
        if (transaction && sendFailures > 0) {
            sendFailures--;
            refused.add(request);
            status = 500;
            answer = "{\"errcode\":\"M_UNKNOWN\",\"error\":\"down\"}".getBytes();
        } else if (transaction) {
            received.add(request);
            answer = "{\"pdus\":{}}".getBytes();
        } else if (exchange.getRequestURI().getPath().equals("/_matrix/key/v2/server")) {
            answer = JSON.writeValueAsBytes(keyResponse());
        } else if (files.containsKey(exchange.getRequestURI().getPath())) {
            CountDownLatch files = fileGate;
            if (files != null) {
                try {
                    files.await(2, TimeUnit.MINUTES); // bounded: a test that forgets to release does not hang
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Object[] file = this.files.get(exchange.getRequestURI().getPath());
            contentType = (String) file[0];
            answer = (byte[]) file[1];
        } else if (answers.containsKey(exchange.getRequestURI().getPath())) {
            answer = answers.get(exchange.getRequestURI().getPath());
        } else if (computedFor(exchange.getRequestURI().getPath()) != null) {
            answer = JSON.writeValueAsBytes(computedFor(exchange.getRequestURI().getPath()).apply(request));
        } else {
            status = 404;
            answer = "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"not played\"}".getBytes();
        }
        if (!transaction) {
            received.add(request);
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private Function<Received, JsonNode> computedFor(String path) {
        return computed.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    static SSLContext serverContext(Path certificate, Path key) {
        try {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(Files.newInputStream(certificate)).toArray(new Certificate[0]);
            String pem = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey privateKey = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, new char[0], chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
