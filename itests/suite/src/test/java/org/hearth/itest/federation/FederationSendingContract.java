package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Await;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestCa;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;

/**
 * Outbound federation through {@code RemoteServers}, as a bundle uses it (the echo test
 * bundle's {@code /_hearth/test/remote/*}): signed requests and their typed failures, and EDUs
 * queued durably and sent as transactions, with back-off and catch-up after a destination
 * failed, and no destination delayed by a slow one. The destinations are servers the test plays,
 * shared by the subclasses (static) and living as long as the test JVM: each class marks its EDUs.
 */
abstract class FederationSendingContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TestCa CA = TestCa.create("Hearth test federation CA");
    static final TestCa OTHER_CA = TestCa.create("A CA nobody trusts");
    static final PlayedServer REMOTE = new PlayedServer("remote.test", CA.issue("remote.test"));
    static final PlayedServer FLAKY = new PlayedServer("flaky.test", CA.issue("flaky.test"));
    static final PlayedServer SLOW = new PlayedServer("slow.test", CA.issue("slow.test"));
    static final PlayedServer STRANGER = new PlayedServer("stranger.test", OTHER_CA.issue("stranger.test"));

    private static final FederationHttp HTTP = new FederationHttp(CA);

    /** Marks this class's EDUs: the played servers are shared by the subclasses and outlive each. */
    private final String run = java.util.UUID.randomUUID().toString();

    abstract HearthServer server();

    /** The federation port the subclass gave {@link #configure}. */
    abstract int federationPort();

    static TestConfig configure(TestConfig c, int federationPort) {
        Path2 tls = new Path2(CA.issue("hs1.test"));
        return c.set("server_name", "hs1.test")
                .set("federation.port", federationPort)
                .set("federation.bind_addresses", List.of("127.0.0.1"))
                .set("federation.tls_certificate", tls.cert)
                .set("federation.tls_private_key", tls.key)
                .set("federation.ca_file", CA.caFile().toString())
                .set("federation.hosts", Map.of("remote.test", "127.0.0.1:" + REMOTE.port(),
                        "flaky.test", "127.0.0.1:" + FLAKY.port(), "slow.test", "127.0.0.1:" + SLOW.port(),
                        "stranger.test", "127.0.0.1:" + STRANGER.port(), "private.test", "127.0.0.1:1"))
                .set("federation.denied_servers", List.of("denied.test"))
                .set("federation.allow_private_addresses", true);
    }

    private record Path2(String cert, String key) {
        Path2(java.nio.file.Path[] files) {
            this(files[0].toString(), files[1].toString());
        }
    }

    static HearthServer server(java.util.function.Consumer<TestConfig> settings) {
        return HearthServer.with(settings).deploying(TestBundles.federation()).deploying(TestBundles.echo());
    }


    @Test
    void aSignedRequestGetsTheAnswerAndFailuresAreTyped() {
        REMOTE.answer("/_matrix/federation/v1/query/profile", JSON.createObjectNode().put("displayname", "Remote Rita"));
        JsonNode ok = remote("request", Map.of("destination", "remote.test", "method", "GET",
                "path", "/_matrix/federation/v1/query/profile"));
        assertEquals("Remote Rita", ok.path("response").path("displayname").asText(), ok.toString());
        PlayedServer.Received received = REMOTE.received().stream()
                .filter(r -> r.target().startsWith("/_matrix/federation/v1/query/profile")).findFirst().orElseThrow();
        assertTrue(received.authorization().contains("origin=\"hs1.test\""), received.toString());

        JsonNode missing = remote("request", Map.of("destination", "remote.test", "method", "GET",
                "path", "/_matrix/federation/v1/nothing"));
        assertEquals("ERROR_RESPONSE", missing.path("kind").asText(), missing.toString());
        assertEquals(404, missing.path("status").asInt());
        assertEquals("M_UNRECOGNIZED", missing.path("errcode").asText());

        assertEquals("NOT_ALLOWED", remote("request", Map.of("destination", "denied.test", "method", "GET",
                "path", "/_matrix/federation/v1/version")).path("kind").asText());
        assertEquals("UNREACHABLE", remote("request", Map.of("destination", "stranger.test", "method", "GET",
                "path", "/_matrix/federation/v1/version")).path("kind").asText(), "its certificate is not trusted");
        assertEquals("UNREACHABLE", remote("request", Map.of("destination", "private.test", "method", "GET",
                "path", "/_matrix/federation/v1/version")).path("kind").asText(), "nothing listens there");
    }

    @Test
    void anEduIsSentInASignedTransaction() throws Exception {
        remote("edu", Map.of("destination", "remote.test", "edu_type", "m.typing",
                "content", Map.of("room_id", "!r:hs1.test", "user_id", "@a:hs1.test", "typing", true, "run", run)));
        Await.until("the EDU at remote.test", Duration.ofSeconds(30), () -> eduCount(REMOTE, "m.typing") == 1);
        PlayedServer.Received txn = REMOTE.transactions().stream().filter(t -> t.body().contains(run))
                .findFirst().orElseThrow();
        JsonNode body = JSON.readTree(txn.body());
        assertEquals("hs1.test", body.path("origin").asText());
        assertEquals(0, body.path("pdus").size());
        assertEquals(1, body.path("edus").size(), body.toString());
        assertEquals(true, body.path("edus").get(0).path("content").path("typing").asBoolean(), body.toString());

        // the X-Matrix signature covers the transaction, with destination remote.test
        JsonNode keys = HTTP.send(federationPort(), "GET", "/_matrix/key/v2/server", null, null).json();
        Map<String, String> header = FederationHttp.xMatrix(txn.authorization());
        ObjectNode signed = JSON.createObjectNode().put("method", "PUT").put("uri", txn.target())
                .put("origin", "hs1.test").put("destination", "remote.test");
        signed.set("content", body);
        signed.putObject("signatures").putObject("hs1.test").put(header.get("key"), header.get("sig"));
        assertTrue(Ed25519Keys.verify(signed, "hs1.test", header.get("key"),
                keys.path("verify_keys").path(header.get("key")).path("key").asText()));
    }

    @Test
    void aDestinationThatFailsGetsEverythingInOrderOnceItAnswers() throws Exception {
        int refusedBefore = FLAKY.refusedTransactions().size();
        FLAKY.failTransactions(2);
        for (int i = 0; i < 3; i++) {
            remote("edu", Map.of("destination", "flaky.test", "edu_type", "m.receipt", "content", Map.of("n", i, "run", run)));
        }
        Await.until("the three EDUs at flaky.test after its failures", Duration.ofSeconds(60),
                () -> eduCount(FLAKY, "m.receipt") == 3);
        List<PlayedServer.Received> refused = FLAKY.refusedTransactions().subList(refusedBefore,
                FLAKY.refusedTransactions().size());
        assertEquals(2, refused.size());
        List<PlayedServer.Received> mine = FLAKY.transactions().stream().filter(t -> t.body().contains(run)).toList();
        List<Integer> order = new ArrayList<>();
        for (PlayedServer.Received txn : mine) {
            JSON.readTree(txn.body()).path("edus").forEach(e -> order.add(e.path("content").path("n").asInt()));
        }
        assertEquals(List.of(0, 1, 2), order);
        String firstTry = refused.get(0).target();
        assertEquals(firstTry, refused.get(1).target(), "a retried transaction keeps its ID");
        assertEquals(firstTry, mine.get(0).target(), "a retried transaction keeps its ID");
    }

    @Test
    void aSlowDestinationDelaysNoOther() {
        SLOW.delayTransactions(15_000);
        remote("edu", Map.of("destination", "slow.test", "edu_type", "m.presence",
                "content", Map.of("push", List.of(), "run", run)));
        remote("edu", Map.of("destination", "remote.test", "edu_type", "m.presence",
                "content", Map.of("push", List.of(), "run", run)));
        long start = System.nanoTime();
        Await.until("the EDU at remote.test", Duration.ofSeconds(10), () -> eduCount(REMOTE, "m.presence") == 1);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertEquals(0, eduCount(SLOW, "m.presence"), "slow.test is still answering");
    }

    private long eduCount(PlayedServer server, String type) {
        return server.transactions().stream().mapToLong(t -> {
            try {
                long n = 0;
                for (JsonNode edu : JSON.readTree(t.body()).path("edus")) {
                    n += type.equals(edu.path("edu_type").asText()) && run.equals(edu.path("content").path("run").asText())
                            ? 1 : 0;
                }
                return n;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).sum();
    }

    /** Through the echo bundle's route; the federation bundle starts a moment after the server. */
    private JsonNode remote(String action, Map<String, Object> body) {
        MatrixHttp http = server().http();
        Await.until("RemoteServers", Duration.ofSeconds(30),
                () -> http.post("/_hearth/test/remote/none", Map.of("destination", "remote.test")).status() != 503);
        Reply reply = http.post("/_hearth/test/remote/" + action, body);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }
}
