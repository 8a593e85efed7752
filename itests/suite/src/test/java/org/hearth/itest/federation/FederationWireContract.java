package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Await;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Ports;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestCa;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The federation bundle's wire between two Hearth servers on loopback ({@code hs1.test},
 * {@code hs2.test}, each with a TLS certificate from a CA the test makes, named in the other's
 * {@code ca_file}, reached through {@code federation.hosts}), and servers the test plays:
 * {@code remote.test} (certificate from the same CA), {@code stranger.test} (a certificate of
 * another CA, never trusted), {@code hidden.test} (reached by hs1 only; hs2 trusts hs1 as its
 * notary). Keys, the notary, request signing both ways, and every refusal
 * with its errcode. Run once per database by the subclasses; the played servers are shared by
 * them (static) and live as long as the test JVM.
 */
abstract class FederationWireContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TestCa CA = TestCa.create("Hearth test federation CA");
    static final TestCa OTHER_CA = TestCa.create("A CA nobody trusts");
    static final int FED1 = Ports.free();
    static final int FED2 = Ports.free();
    static final PlayedServer REMOTE = new PlayedServer("remote.test", CA.issue("remote.test"));
    static final PlayedServer STRANGER = new PlayedServer("stranger.test", OTHER_CA.issue("stranger.test"));
    static final PlayedServer DENIED = new PlayedServer("denied.test", CA.issue("denied.test"));
    static final PlayedServer HIDDEN = new PlayedServer("hidden.test", CA.issue("hidden.test"));
    /** Where hs2 looks for hidden.test: a port nothing listens on. */
    static final int NOWHERE = Ports.free();
    private static final FederationHttp HTTP = new FederationHttp(CA);

    /** hs1: denies denied.test; reaches hs2, remote.test and stranger.test through federation.hosts. */
    static TestConfig hs1(TestConfig c) {
        return federation(c, "hs1.test", FED1, Map.of("hs2.test", "127.0.0.1:" + FED2,
                "remote.test", "127.0.0.1:" + REMOTE.port(), "stranger.test", "127.0.0.1:" + STRANGER.port(),
                "denied.test", "127.0.0.1:" + DENIED.port(), "hidden.test", "127.0.0.1:" + HIDDEN.port()))
                .set("federation.denied_servers", List.of("denied.test"));
    }

    /** hs2: federates only with hs1, remote.test and hidden.test (which it cannot reach); asks hs1 for keys. */
    static TestConfig hs2(TestConfig c) {
        return federation(c, "hs2.test", FED2, Map.of("hs1.test", "127.0.0.1:" + FED1,
                "remote.test", "127.0.0.1:" + REMOTE.port(), "stranger.test", "127.0.0.1:" + STRANGER.port(),
                "hidden.test", "127.0.0.1:" + NOWHERE))
                .set("federation.allowed_servers", List.of("hs1.test", "remote.*", "hidden.test"))
                .set("federation.trusted_key_servers", Map.of("hs1.test", List.of()));
    }

    static TestConfig federation(TestConfig c, String name, int port, Map<String, String> hosts) {
        Path[] tls = CA.issue(name);
        return c.set("server_name", name)
                .set("federation.port", port)
                .set("federation.bind_addresses", List.of("127.0.0.1"))
                .set("federation.tls_certificate", tls[0].toString())
                .set("federation.tls_private_key", tls[1].toString())
                .set("federation.ca_file", CA.caFile().toString())
                .set("federation.hosts", hosts)
                .set("federation.allow_private_addresses", true);
    }

    static HearthServer server(java.util.function.Consumer<TestConfig> settings) {
        return HearthServer.with(settings).deploying(TestBundles.federation());
    }

    /** The bundle starts its listener a moment after the server is up. */
    @BeforeAll
    static void awaitListeners() {
        for (int port : new int[] {FED1, FED2}) {
            Await.until("the federation listener on " + port, Duration.ofSeconds(30), () -> {
                try {
                    return fed(port, "GET", "/_matrix/federation/v1/version", null, null).status() == 200;
                } catch (UncheckedIOException e) {
                    return false;
                }
            });
        }
    }


    @Test
    void versionIsServedOverTls() {
        Reply reply = fed(FED1, "GET", "/_matrix/federation/v1/version", null, null);
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("Hearth", reply.json().path("server").path("name").asText());
        assertFalse(reply.json().path("server").path("version").asText().isEmpty());
    }

    @Test
    void eachServerPublishesItsKeySignedByItself() {
        for (int port : new int[] {FED1, FED2}) {
            JsonNode keys = ownKeys(port);
            String name = port == FED1 ? "hs1.test" : "hs2.test";
            assertEquals(name, keys.path("server_name").asText());
            assertTrue(keys.path("valid_until_ts").asLong() > System.currentTimeMillis(), keys.toString());
            String keyId = keys.path("verify_keys").fieldNames().next();
            assertTrue(keyId.startsWith("ed25519:"), keyId);
            assertTrue(Ed25519Keys.verify((ObjectNode) keys, name, keyId,
                    keys.path("verify_keys").path(keyId).path("key").asText()), "self-signed: " + keys);
        }
    }

    @Test
    void eachServerFetchesTheOthersKeysAsANotary() {
        JsonNode hs1 = ownKeys(FED1);
        JsonNode hs2 = ownKeys(FED2);
        Reply viaHs2 = fed(FED2, "POST", "/_matrix/key/v2/query", null,
                "{\"server_keys\":{\"hs1.test\":{}}}");
        assertEquals(200, viaHs2.status(), viaHs2.toString());
        assertNotarised(viaHs2.json(), hs1, "hs1.test", hs2, "hs2.test");

        Reply viaHs1 = fed(FED1, "GET", "/_matrix/key/v2/query/hs2.test", null, null);
        assertEquals(200, viaHs1.status(), viaHs1.toString());
        assertNotarised(viaHs1.json(), hs2, "hs2.test", hs1, "hs1.test");

        Reply ownViaHs1 = fed(FED1, "GET", "/_matrix/key/v2/query/hs1.test", null, null);
        assertEquals(1, ownViaHs1.json().path("server_keys").size(), ownViaHs1.toString());
    }

    @Test
    void aServerWhoseCertificateNoTrustedCaSignedHasNoKeys() {
        Reply reply = fed(FED1, "GET", "/_matrix/key/v2/query/stranger.test", null, null);
        assertEquals(200, reply.status(), reply.toString());
        assertEquals(0, reply.json().path("server_keys").size(), "the TLS handshake failed: " + reply);
        assertTrue(STRANGER.received().isEmpty(), "no request went over the untrusted connection");

        String target = "/_matrix/federation/v1/query/profile?user_id=%40alice%3Ahs1.test";
        Reply signed = fed(FED1, "GET", target, STRANGER.authorization("GET", target, "hs1.test", null, STRANGER.keys), null);
        assertEquals(401, signed.status(), "its key cannot be fetched: " + signed);
        assertEquals("M_UNAUTHORIZED", signed.errcode());
    }

    @Test
    void aSignedRequestIsAcceptedAndTheKeyFetchIsSignedToo() throws Exception {
        String target = "/_matrix/federation/v1/query/profile?user_id=%40nobody%3Ahs1.test";
        Reply reply = fed(FED1, "GET", target, REMOTE.authorization("GET", target, "hs1.test", null, REMOTE.keys), null);
        assertPassedAuthentication(reply);

        // hs1 fetched remote.test's key with a request signed by its own key, for remote.test
        // the last fetch: the played servers outlive a test class, and the other database's class may have run first
        PlayedServer.Received fetch = REMOTE.received().stream()
                .filter(r -> r.target().equals("/_matrix/key/v2/server")).reduce((a, b) -> b).orElseThrow();
        assertNotNull(fetch.authorization(), "hs1 signs its requests");
        Map<String, String> header = FederationHttp.xMatrix(fetch.authorization());
        assertEquals("hs1.test", header.get("origin"));
        assertEquals("remote.test", header.get("destination"));
        JsonNode hs1 = ownKeys(FED1);
        ObjectNode signed = JSON.createObjectNode().put("method", "GET").put("uri", "/_matrix/key/v2/server")
                .put("origin", "hs1.test").put("destination", "remote.test");
        signed.putObject("signatures").putObject("hs1.test").put(header.get("key"), header.get("sig"));
        assertTrue(Ed25519Keys.verify(signed, "hs1.test", header.get("key"),
                hs1.path("verify_keys").path(header.get("key")).path("key").asText()), "hs1's X-Matrix signature");
    }

    @Test
    void aServerThatCannotBeReachedIsVerifiedWithKeysFromATrustedNotary() {
        String target = "/_matrix/federation/v1/query/profile?user_id=%40nobody%3Ahs2.test";
        Reply reply = fed(FED2, "GET", target, HIDDEN.authorization("GET", target, "hs2.test", null, HIDDEN.keys), null);
        assertPassedAuthentication(reply);
        // hs2 never reached hidden.test: hs1, its notary, fetched the key and vouched for it
        assertTrue(HIDDEN.received().stream().filter(r -> r.authorization() != null)
                .noneMatch(r -> "hs2.test".equals(FederationHttp.xMatrix(r.authorization()).get("origin"))),
                HIDDEN.received().toString());

        // the notary's word does not replace the server's signature
        Reply forged = fed(FED2, "GET", target,
                HIDDEN.authorization("GET", target, "hs2.test", null, new Ed25519Keys()), null);
        assertEquals(401, forged.status(), forged.toString());
    }

    @Test
    void aForgedSignatureIsRejected() {
        String target = "/_matrix/federation/v1/query/profile?user_id=%40nobody%3Ahs1.test";
        Ed25519Keys forger = new Ed25519Keys();
        Reply reply = fed(FED1, "GET", target, REMOTE.authorization("GET", target, "hs1.test", null, forger), null);
        assertEquals(401, reply.status(), reply.toString());
        assertEquals("M_UNAUTHORIZED", reply.errcode());

        // a genuine signature over another path does not carry over
        String signedFor = "/_matrix/federation/v1/query/profile?user_id=%40other%3Ahs1.test";
        Reply moved = fed(FED1, "GET", target, REMOTE.authorization("GET", signedFor, "hs1.test", null, REMOTE.keys), null);
        assertEquals(401, moved.status(), moved.toString());
        assertEquals("M_UNAUTHORIZED", moved.errcode());
    }

    @Test
    void aSignedBodyCannotBeChanged() {
        String target = "/_matrix/federation/v1/user/keys/query";
        String auth = REMOTE.authorization("POST", target, "hs1.test",
                JSON.createObjectNode().set("device_keys", JSON.createObjectNode().putArray("@a:hs1.test")), REMOTE.keys);
        Reply reply = fed(FED1, "POST", target, auth, "{\"device_keys\":{\"@b:hs1.test\":[]}}");
        assertEquals(401, reply.status(), reply.toString());
        assertEquals("M_UNAUTHORIZED", reply.errcode());
    }

    @Test
    void aRequestForAnotherDestinationIsRejected() {
        String target = "/_matrix/federation/v1/query/profile?user_id=%40nobody%3Ahs1.test";
        Reply reply = fed(FED1, "GET", target, REMOTE.authorization("GET", target, "hs2.test", null, REMOTE.keys), null);
        assertEquals(401, reply.status(), reply.toString());
        assertEquals("M_UNAUTHORIZED", reply.errcode());
    }

    @Test
    void aRequestWithoutOrWithAMalformedSignatureIsRejected() {
        String target = "/_matrix/federation/v1/query/profile?user_id=%40nobody%3Ahs1.test";
        Reply missing = fed(FED1, "GET", target, null, null);
        assertEquals(401, missing.status(), missing.toString());
        assertEquals("M_UNAUTHORIZED", missing.errcode());
        for (String auth : new String[] {"Bearer abc", "X-Matrix origin=remote.test", "X-Matrix origin=\"remote.test",
                "X-Matrix origin=localhost:http,key=ed25519:1,sig=abc"}) {
            Reply reply = fed(FED1, "GET", target, auth, null);
            assertEquals(400, reply.status(), auth + ": " + reply);
            assertEquals("M_UNAUTHORIZED", reply.errcode());
        }
    }

    @Test
    void deniedAndNotAllowedServersAreRefused() {
        String target = "/_matrix/federation/v1/query/profile?user_id=%40nobody%3Ahs1.test";
        Reply denied = fed(FED1, "GET", target, DENIED.authorization("GET", target, "hs1.test", null, DENIED.keys), null);
        assertEquals(403, denied.status(), denied.toString());
        assertEquals("M_FORBIDDEN", denied.errcode());
        assertTrue(DENIED.received().isEmpty(), "hs1 never contacts a denied server, not even for its keys");
        Reply deniedKeys = fed(FED1, "GET", "/_matrix/key/v2/query/denied.test", null, null);
        assertEquals(0, deniedKeys.json().path("server_keys").size(), deniedKeys.toString());

        String target2 = "/_matrix/federation/v1/query/profile?user_id=%40nobody%3Ahs2.test";
        Reply notAllowed = fed(FED2, "GET", target2, STRANGER.authorization("GET", target2, "hs2.test", null, STRANGER.keys), null);
        assertEquals(403, notAllowed.status(), "hs2 allows only hs1.test and remote.*: " + notAllowed);
        assertEquals("M_FORBIDDEN", notAllowed.errcode());
        Reply allowed = fed(FED2, "GET", target2, REMOTE.authorization("GET", target2, "hs2.test", null, REMOTE.keys), null);
        assertPassedAuthentication(allowed);
    }

    @Test
    void anEventThatIsNotMatrixJsonIsBadJsonWhateverItsPathSays() {
        String target = "/_matrix/federation/v2/send_leave/%21room%3Ahs1.test/xxx";
        ObjectNode event = JSON.createObjectNode().put("type", "m.room.member").put("sender", "@someone:remote.test");
        event.putObject("contents").put("bad_val", 1.1); // canonical JSON has no fractions
        Reply reply = fed(FED1, "PUT", target, REMOTE.authorization("PUT", target, "hs1.test", event, REMOTE.keys),
                event.toString());
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("M_BAD_JSON", reply.errcode(), reply.toString());
    }

    @Test
    void aTransactionOverTheLimitsIsRefusedBeforeCoreSeesIt() {
        String target = "/_matrix/federation/v1/send/too-big";
        ObjectNode txn = JSON.createObjectNode().put("origin", "remote.test").put("origin_server_ts", 1);
        ArrayNode pdus = txn.putArray("pdus");
        for (int i = 0; i < 51; i++) {
            pdus.addObject().put("type", "m.room.message").put("room_id", "!r:remote.test");
        }
        Reply reply = fed(FED1, "PUT", target, REMOTE.authorization("PUT", target, "hs1.test", txn, REMOTE.keys), txn.toString());
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("M_BAD_JSON", reply.errcode());

        ObjectNode edus = JSON.createObjectNode().put("origin", "remote.test").put("origin_server_ts", 1);
        edus.putArray("pdus");
        ArrayNode list = edus.putArray("edus");
        for (int i = 0; i < 101; i++) {
            list.addObject().put("edu_type", "m.typing").putObject("content");
        }
        Reply tooManyEdus = fed(FED1, "PUT", target, REMOTE.authorization("PUT", target, "hs1.test", edus, REMOTE.keys),
                edus.toString());
        assertEquals(400, tooManyEdus.status(), tooManyEdus.toString());

        ObjectNode empty = JSON.createObjectNode().put("origin", "remote.test").put("origin_server_ts", 1);
        empty.putArray("pdus");
        String ok = "/_matrix/federation/v1/send/empty-1";
        Reply accepted = fed(FED1, "PUT", ok, REMOTE.authorization("PUT", ok, "hs1.test", empty, REMOTE.keys), empty.toString());
        assertPassedAuthentication(accepted);
        if (accepted.status() == 200) {
            assertEquals(0, accepted.json().path("pdus").size(), accepted.toString());
        }
    }

    @Test
    void unknownFederationPathsAreUnrecognized() {
        Reply unknown = fed(FED1, "GET", "/_matrix/federation/v1/no_such_thing", null, null);
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("M_UNRECOGNIZED", unknown.errcode());
        Reply wrongMethod = fed(FED1, "DELETE", "/_matrix/federation/v1/version", null, null);
        assertEquals(405, wrongMethod.status(), wrongMethod.toString());
        assertEquals("M_UNRECOGNIZED", wrongMethod.errcode());
    }

    /** Through authentication and the policy: core's answer, or 503 M_UNRECOGNIZED while core has no FederationHost. */
    private static void assertPassedAuthentication(Reply reply) {
        assertTrue(Set.of(200, 404, 503).contains(reply.status()), reply.toString());
        if (reply.status() == 503) {
            assertEquals("M_UNRECOGNIZED", reply.errcode());
        }
    }

    private static void assertNotarised(JsonNode answer, JsonNode original, String server, JsonNode notary, String notaryName) {
        JsonNode keys = answer.path("server_keys");
        assertEquals(1, keys.size(), answer.toString());
        ObjectNode response = (ObjectNode) keys.get(0);
        assertEquals(server, response.path("server_name").asText());
        String keyId = original.path("verify_keys").fieldNames().next();
        String key = original.path("verify_keys").path(keyId).path("key").asText();
        assertEquals(key, response.path("verify_keys").path(keyId).path("key").asText());
        assertTrue(Ed25519Keys.verify(response, server, keyId, key), "signed by " + server + ": " + response);
        String notaryKeyId = notary.path("verify_keys").fieldNames().next();
        assertTrue(Ed25519Keys.verify(response, notaryName, notaryKeyId,
                notary.path("verify_keys").path(notaryKeyId).path("key").asText()), "signed by the notary: " + response);
    }

    private static JsonNode ownKeys(int port) {
        Reply reply = fed(port, "GET", "/_matrix/key/v2/server", null, null);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    static Reply fed(int port, String method, String target, String authorization, String body) {
        return HTTP.send(port, method, target, authorization, body);
    }
}
