package org.hearth.itest.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.itest.push.PushGatewayStub;
import org.hearth.testkit.Accounts;
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
                .set("federation.allow_private_addresses", true)
                .set("push.allow_private_addresses", true) // the push gateway of the tests is on loopback
                .openRegistration();
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
        SLOW.holdTransactions();
        try {
            remote("edu", Map.of("destination", "slow.test", "edu_type", "m.presence",
                    "content", Map.of("push", List.of(), "run", run)));
            Await.until("slow.test to hold a transaction", Duration.ofSeconds(30), () -> SLOW.heldTransactions() > 0);
            remote("edu", Map.of("destination", "remote.test", "edu_type", "m.presence",
                    "content", Map.of("push", List.of(), "run", run)));
            Await.until("the EDU at remote.test", Duration.ofSeconds(10), () -> eduCount(REMOTE, "m.presence") == 1);
            assertEquals(0, eduCount(SLOW, "m.presence"), "slow.test is still answering");
        } finally {
            SLOW.releaseTransactions();
        }
        Await.until("the EDU at slow.test once it answers", Duration.ofSeconds(30),
                () -> eduCount(SLOW, "m.presence") == 1);
    }

    @Test
    void anInviteGoesThroughV1ToAServerWithoutV2() throws Exception {
        answerInvitesThroughV1();
        MatrixHttp asAlice = localUser("alice");
        Reply created = asAlice.post("/_matrix/client/v3/createRoom", Map.of("room_version", "10", "name", "V1 " + run));
        assertEquals(200, created.status(), created.toString());
        String roomId = created.json().path("room_id").asText();

        Reply invited = asAlice.post("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/invite", Map.of("user_id", "@rita:remote.test"));
        assertEquals(200, invited.status(), invited.toString());
        String encodedRoom = URLEncoder.encode(roomId, StandardCharsets.UTF_8).replace("+", "%20");
        assertTrue(REMOTE.received().stream().anyMatch(r -> r.target().startsWith("/_matrix/federation/v2/invite/")
                && r.target().contains(roomId.substring(1, 6))), "v2 first");
        PlayedServer.Received v1 = REMOTE.received().stream()
                .filter(r -> r.target().startsWith("/_matrix/federation/v1/invite/") && r.body().contains(roomId))
                .findFirst().orElseThrow();
        JsonNode body = JSON.readTree(v1.body());
        assertEquals("invite", body.path("content").path("membership").asText(), "the bare event: " + body);
        assertTrue(body.path("unsigned").path("invite_room_state").isArray(), body.toString());
        Reply state = asAlice.get("/_matrix/client/v3/rooms/" + encodedRoom + "/state/m.room.member/"
                + URLEncoder.encode("@rita:remote.test", StandardCharsets.UTF_8));
        assertEquals("invite", state.json().path("membership").asText(), state.toString());
    }

    /**
     * An invite into a room this server is not in is pushed with the room's name and the inviter's
     * display name from the stripped state the inviting server sent (Push Gateway API,
     * {@code room_name}, {@code sender_display_name}; as Synapse; SyTest "Invites over federation
     * are correctly pushed with name").
     */
    @Test
    void anInviteFromAnotherServerIsPushedWithTheRoomsName() throws Exception {
        MatrixHttp http = server().http();
        Accounts.Login bob = Accounts.register(http, "pushed" + run.substring(0, 8), "pw");
        try (PushGatewayStub gateway = new PushGatewayStub()) {
            Reply pusher = http.as(bob.accessToken()).post("/_matrix/client/v3/pushers/set", Map.of("kind", "http",
                    "app_id", "org.example.app", "pushkey", "key", "app_display_name", "Example",
                    "device_display_name", "Phone", "lang", "en", "data", Map.of("url", gateway.url())));
            assertEquals(200, pusher.status(), pusher.toString());
            ArrayNode stripped = JSON.createArrayNode();
            stripped.addObject().put("type", "m.room.name").put("state_key", "").put("sender", "@rita:remote.test")
                    .putObject("content").put("name", "Test Name");
            stripped.addObject().put("type", "m.room.member").put("state_key", "@rita:remote.test")
                    .put("sender", "@rita:remote.test").putObject("content").put("membership", "join")
                    .put("displayname", "Rita");
            String eventId = inviteAsRemote("!named" + run.substring(0, 8) + ":remote.test", bob.userId(), stripped);
            Await.until("the invite's push", Duration.ofSeconds(10), () -> !gateway.about(eventId).isEmpty());
            JsonNode notification = gateway.about(eventId).get(0).path("notification");
            assertEquals("Test Name", notification.path("room_name").asText(), notification.toString());
            assertEquals("Rita", notification.path("sender_display_name").asText(), notification.toString());
        }
    }

    @Test
    void anInviteIsRejectedHereWhenItsServerDoesNotTakeTheLeave() {
        MatrixHttp http = server().http();
        Accounts.Login bob = Accounts.register(http, "bob" + run.substring(0, 8), "pw");
        String roomId = "!reject" + run.substring(0, 8) + ":remote.test";
        inviteAsRemote(roomId, bob.userId(), JSON.createArrayNode());

        MatrixHttp asBob = http.as(bob.accessToken());
        Reply before = asBob.get("/_matrix/client/v3/sync?timeout=0");
        assertTrue(before.json().path("rooms").path("invite").has(roomId), before.toString());

        // remote.test answers no make_leave (404 M_UNRECOGNIZED): the rejection is made here only
        Reply left = asBob.post("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/leave", Map.of());
        assertEquals(200, left.status(), left.toString());
        assertTrue(REMOTE.received().stream().anyMatch(r -> r.target().startsWith("/_matrix/federation/v1/make_leave/")
                && r.target().contains(run.substring(0, 8))), "make_leave was asked first");
        Reply sync = asBob.get("/_matrix/client/v3/sync?timeout=0&since="
                + URLEncoder.encode(before.json().path("next_batch").asText(), StandardCharsets.UTF_8));
        assertEquals(200, sync.status(), sync.toString());
        assertTrue(sync.json().path("rooms").path("invite").path(roomId).isMissingNode(), sync.toString());
        JsonNode leave = sync.json().path("rooms").path("leave").path(roomId).path("timeline").path("events").path(0);
        assertEquals("leave", leave.path("content").path("membership").asText(), sync.toString());
        assertEquals(bob.userId(), leave.path("sender").asText());
    }

    @Test
    void aTransactionPduOfAServerTheRoomsAclDeniesIsRefused() {
        MatrixHttp asAlice = localUser("acl");
        String denying = asAlice.post("/_matrix/client/v3/createRoom", Map.of("room_version", "10")).json()
                .path("room_id").asText();
        Reply acl = asAlice.put("/_matrix/client/v3/rooms/" + URLEncoder.encode(denying, StandardCharsets.UTF_8)
                + "/state/m.room.server_acl", Map.of("allow", List.of("*"), "deny", List.of("remote.test")));
        assertEquals(200, acl.status(), acl.toString());
        String open = asAlice.post("/_matrix/client/v3/createRoom", Map.of("room_version", "10")).json()
                .path("room_id").asText();

        JsonNode refused = sendAsRemote(asAlice, denying, message(), "@rita:remote.test");
        assertTrue(refused.path("error").asText().contains("server ACL"), refused.toString());
        // the ACL answers before the body is read: an empty get_missing_events is refused for it, not as bad JSON
        String path = "/_matrix/federation/v1/get_missing_events/" + URLEncoder.encode(denying, StandardCharsets.UTF_8);
        Reply missing = HTTP.send(federationPort(), "POST", path,
                REMOTE.authorization("POST", path, "hs1.test", JSON.createObjectNode(), REMOTE.keys), "{}");
        assertEquals(403, missing.status(), missing.toString());
        assertTrue(missing.toString().contains("ACL"), missing.toString());
        // the same PDU in a room without an ACL is taken (and rejected by the auth rules: Rita is not
        // joined), which the answer does not report as an error
        JsonNode taken = sendAsRemote(asAlice, open, message(), "@rita:remote.test");
        assertTrue(taken.isObject() && !taken.has("error"), taken.toString());
    }

    @Test
    void aReceivedRedactionOfAnEventOfAnotherRoomIsRejected() {
        MatrixHttp asAlice = localUser("redact");
        String first = publicRoom(asAlice);
        String second = publicRoom(asAlice);
        String rita = "@rita" + run.substring(0, 8) + ":remote.test";
        joinAsRemote(first, rita);
        joinAsRemote(second, rita);
        Reply said = asAlice.put("/_matrix/client/v3/rooms/" + URLEncoder.encode(first, StandardCharsets.UTF_8)
                + "/send/m.room.message/t" + run.substring(0, 8), Map.of("msgtype", "m.text", "body", "keep me"));
        String target = said.json().path("event_id").asText();

        // Rita may redact in the second room (room versions 3+ leave the check to the target's room),
        // but not an event of the first room from there
        ObjectNode crossRoom = JSON.createObjectNode().put("type", "m.room.redaction").put("redacts", target);
        crossRoom.putObject("content");
        JsonNode taken = sendAsRemote(asAlice, second, crossRoom, rita);
        assertTrue(taken.isObject() && !taken.has("error"), "stored as rejected, not refused: " + taken);
        Reply timeline = asAlice.get("/_matrix/client/v3/rooms/" + URLEncoder.encode(second, StandardCharsets.UTF_8)
                + "/messages?dir=b&limit=20");
        assertEquals(200, timeline.status(), timeline.toString());
        assertFalse(timeline.text().contains(PlayedServer.eventId(crossRoom)), "a rejected event is never shown: " + timeline);

        String eventPath = "/_matrix/client/v3/rooms/" + URLEncoder.encode(first, StandardCharsets.UTF_8) + "/event/"
                + URLEncoder.encode(target, StandardCharsets.UTF_8);
        assertEquals("keep me", asAlice.get(eventPath).json().path("content").path("body").asText());
        // the form without a transaction ID (Synapse's, which SyTest uses)
        Reply redacted = asAlice.post("/_matrix/client/v3/rooms/" + URLEncoder.encode(first, StandardCharsets.UTF_8)
                + "/redact/" + URLEncoder.encode(target, StandardCharsets.UTF_8), Map.of());
        assertEquals(200, redacted.status(), redacted.toString());
        JsonNode after = asAlice.get(eventPath).json();
        assertEquals(redacted.json().path("event_id").asText(), after.path("unsigned").path("redacted_by").asText(),
                after.toString());
    }

    /**
     * Server-Server API, "Rejection": an event that fails the authorization rules is never relayed
     * to clients, so it notifies nobody either (SyTest "Rejected events are not pushed"); the next
     * event of a joined remote user does.
     */
    @Test
    void aRejectedEventNotifiesNobody() {
        MatrixHttp asAlice = localUser("notified");
        String roomId = publicRoom(asAlice);
        String rita = "@rita" + run.substring(0, 8) + "n:remote.test";
        joinAsRemote(roomId, rita);
        ObjectNode rejected = message();
        sendAsRemote(asAlice, roomId, rejected, "@stranger" + run.substring(0, 8) + ":remote.test");
        ObjectNode accepted = message();
        sendAsRemote(asAlice, roomId, accepted, rita);

        String acceptedId = PlayedServer.eventId(accepted);
        Await.until("alice's notification of rita's message", Duration.ofSeconds(10),
                () -> asAlice.get("/_matrix/client/v3/notifications").text().contains(acceptedId));
        Reply notifications = asAlice.get("/_matrix/client/v3/notifications");
        assertFalse(notifications.text().contains(PlayedServer.eventId(rejected)),
                "the stranger's rejected message: " + notifications);
    }

    /**
     * Server-Server API, "Retrieving events" and "Backfilling": remote.test, whose user joined a
     * room of history visibility "joined" after an event, is served that event by {@code /event}
     * and {@code /backfill} redacted (content gone, hashes and signatures kept: its ID and hs1's
     * signature still check), not refused, as Synapse serves it; an event from after the join comes
     * whole. A server with no user in the room is refused (403), as Synapse's "Host not in room".
     */
    @Test
    void aServerThatJoinedLaterIsServedTheEventsItMayNotSeeRedacted() {
        MatrixHttp asAlice = localUser("hidden");
        String roomId = asAlice.post("/_matrix/client/v3/createRoom", Map.of("room_version", "10", "preset", "public_chat",
                "initial_state", List.of(Map.of("type", "m.room.history_visibility", "state_key", "",
                        "content", Map.of("history_visibility", "joined"))))).json().path("room_id").asText();
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String before = asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/b" + run.substring(0, 8),
                Map.of("msgtype", "m.text", "body", "before remote.test joined")).json().path("event_id").asText();
        String join = joinAsRemote(roomId, "@rita" + run.substring(0, 8) + ":remote.test");
        String after = asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/a" + run.substring(0, 8),
                Map.of("msgtype", "m.text", "body", "after remote.test joined")).json().path("event_id").asText();

        ObjectNode hidden = (ObjectNode) fetchAs(REMOTE, "/_matrix/federation/v1/event/"
                + URLEncoder.encode(before, StandardCharsets.UTF_8)).path("pdus").path(0);
        assertRedactedAndSigned(before, hidden);
        JsonNode seen = fetchAs(REMOTE, "/_matrix/federation/v1/event/" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        assertEquals("after remote.test joined", seen.path("pdus").path(0).path("content").path("body").asText(), seen.toString());
        // a state event is judged by the state it makes: remote.test's own join is whole to it
        JsonNode own = fetchAs(REMOTE, "/_matrix/federation/v1/event/" + URLEncoder.encode(join, StandardCharsets.UTF_8));
        assertEquals("Rita", own.path("pdus").path(0).path("content").path("displayname").asText(), own.toString());

        JsonNode backfill = fetchAs(REMOTE, "/_matrix/federation/v1/backfill/" + room + "?v="
                + URLEncoder.encode(after, StandardCharsets.UTF_8) + "&limit=20");
        Map<String, ObjectNode> byId = new java.util.HashMap<>();
        backfill.path("pdus").forEach(pdu -> byId.put(PlayedServer.eventId((ObjectNode) pdu), (ObjectNode) pdu));
        assertTrue(byId.containsKey(before), "the hidden event is in the backfill, redacted: " + backfill);
        assertRedactedAndSigned(before, byId.get(before));
        assertEquals("after remote.test joined", byId.get(after).path("content").path("body").asText(), backfill.toString());

        String path = "/_matrix/federation/v1/event/" + URLEncoder.encode(after, StandardCharsets.UTF_8);
        Reply stranger = HTTP.send(federationPort(), "GET", path, FLAKY.authorization("GET", path, "hs1.test", null,
                FLAKY.keys), null);
        assertEquals(403, stranger.status(), "flaky.test has no user in the room: " + stranger);
        assertEquals("M_FORBIDDEN", stranger.json().path("errcode").asText(), stranger.toString());
        String back = "/_matrix/federation/v1/backfill/" + room + "?v=" + URLEncoder.encode(after, StandardCharsets.UTF_8)
                + "&limit=20";
        Reply strangerBackfill = HTTP.send(federationPort(), "GET", back, FLAKY.authorization("GET", back, "hs1.test",
                null, FLAKY.keys), null);
        assertEquals(403, strangerBackfill.status(), strangerBackfill.toString());
    }

    /**
     * "Checks performed on receipt of a PDU", step 3: a PDU of remote.test in a transaction whose
     * content no longer matches its content hash (its signature, over the redacted form, still
     * holds) is taken and kept redacted.
     */
    @Test
    void aPduWhoseContentHashFailsIsKeptRedacted() {
        MatrixHttp asAlice = localUser("hashed");
        String roomId = publicRoom(asAlice);
        String rita = "@rita" + run.substring(0, 8) + ":remote.test";
        joinAsRemote(roomId, rita);
        ObjectNode event = addressed(asAlice, roomId, message(), rita);
        ((ObjectNode) event.path("content")).put("body", "changed after signing");
        JsonNode taken = transact(event);
        assertTrue(taken.isObject() && !taken.has("error"), taken.toString());

        Reply read = asAlice.get("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/event/" + URLEncoder.encode(PlayedServer.eventId(event), StandardCharsets.UTF_8));
        assertEquals(200, read.status(), read.toString());
        assertEquals(0, read.json().path("content").size(), "kept redacted: " + read);
    }

    /**
     * History visibility "invited" for a server (Client-Server API, "History visibility"; the
     * server's view is its users'): remote.test is served an event whole when one of its users was
     * invited at it, redacted when none of its users was there yet, however long hs1's own users
     * were joined: a server is judged by its own users' memberships only.
     */
    @Test
    void aServerIsServedWhatItsOwnUsersWereInvitedTo() throws Exception {
        answerInvitesThroughV1();
        MatrixHttp asAlice = localUser("inviting");
        String roomId = asAlice.post("/_matrix/client/v3/createRoom", Map.of("room_version", "10", "preset", "public_chat",
                "initial_state", List.of(Map.of("type", "m.room.history_visibility", "state_key", "",
                        "content", Map.of("history_visibility", "invited"))))).json().path("room_id").asText();
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String rita = "@rita" + run.substring(0, 8) + ":remote.test";
        String before = asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/i" + run.substring(0, 8),
                Map.of("msgtype", "m.text", "body", "before the invite")).json().path("event_id").asText();
        Reply invited = asAlice.post("/_matrix/client/v3/rooms/" + room + "/invite", Map.of("user_id", rita));
        assertEquals(200, invited.status(), invited.toString());
        String whileInvited = asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/j" + run.substring(0, 8),
                Map.of("msgtype", "m.text", "body", "while invited")).json().path("event_id").asText();
        joinAsRemote(roomId, rita);

        assertRedactedAndSigned(before, (ObjectNode) fetchAs(REMOTE, "/_matrix/federation/v1/event/"
                + URLEncoder.encode(before, StandardCharsets.UTF_8)).path("pdus").path(0));
        JsonNode seen = fetchAs(REMOTE, "/_matrix/federation/v1/event/" + URLEncoder.encode(whileInvited, StandardCharsets.UTF_8));
        assertEquals("while invited", seen.path("pdus").path(0).path("content").path("body").asText(), seen.toString());
    }

    /** remote.test plays a server without /v2/invite (404 M_UNRECOGNIZED): it signs the v1 body and answers [200, {event}]. */
    private static void answerInvitesThroughV1() {
        REMOTE.answerUnder("/_matrix/federation/v1/invite/", request -> {
            ObjectNode event = readObject(request.body());
            ObjectNode wrapped = JSON.createObjectNode();
            wrapped.set("event", REMOTE.signedEvent(event));
            return JSON.createArrayNode().add(200).add(wrapped);
        });
    }

    /** A GET of remote.test's to hs1 (200 expected): the answer. */
    private JsonNode fetchAs(PlayedServer as, String target) {
        Reply reply = HTTP.send(federationPort(), "GET", target, as.authorization("GET", target, "hs1.test", null, as.keys),
                null);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    /** The event as redaction leaves it, its ID and hs1's signature still checking (against hs1's published key). */
    private void assertRedactedAndSigned(String eventId, ObjectNode pdu) {
        assertEquals(eventId, PlayedServer.eventId(pdu), "the served form hashes to the event ID: " + pdu);
        assertEquals(0, pdu.path("content").size(), "redacted: " + pdu);
        assertTrue(pdu.path("hashes").path("sha256").isTextual(), pdu.toString());
        JsonNode keys = HTTP.send(federationPort(), "GET", "/_matrix/key/v2/server", null, null).json();
        String keyId = keys.path("verify_keys").fieldNames().next();
        assertTrue(Ed25519Keys.verify(pdu, "hs1.test", keyId, keys.path("verify_keys").path(keyId).path("key").asText()),
                "hs1's signature holds over the served form: " + pdu);
    }

    /**
     * The servers a local event goes to are those with a user joined after it (Server-Server API,
     * "Transactions"): once Alice kicks remote.test's only member, her next message does not go
     * there; a new member of remote.test gets the messages after its join. The kick's servers are
     * derived from those before it, which were kept for the room's earlier message.
     */
    @Test
    void aServerWhoseLastMemberIsKickedGetsNoMoreEvents() {
        MatrixHttp asAlice = localUser("kick");
        String roomId = publicRoom(asAlice);
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String rita = "@rita" + run.substring(0, 8) + ":remote.test";
        joinAsRemote(roomId, rita);
        String tag = run.substring(0, 8);
        asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/k1" + tag,
                Map.of("msgtype", "m.text", "body", "while Rita is here " + tag));
        Await.until("remote.test has the message while Rita is here", Duration.ofSeconds(30),
                () -> bodiesAt(REMOTE).contains("while Rita is here " + tag));
        assertEquals(200, asAlice.post("/_matrix/client/v3/rooms/" + room + "/kick", Map.of("user_id", rita)).status());
        asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/k2" + tag,
                Map.of("msgtype", "m.text", "body", "after Rita was kicked " + tag));
        joinAsRemote(roomId, "@rob" + tag + ":remote.test");
        asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/k3" + tag,
                Map.of("msgtype", "m.text", "body", "after Rob joined " + tag));
        // Events go out in order: once the last is there, the one before it was sent or not.
        Await.until("remote.test has the message after Rob joined", Duration.ofSeconds(30),
                () -> bodiesAt(REMOTE).contains("after Rob joined " + tag));
        assertFalse(bodiesAt(REMOTE).contains("after Rita was kicked " + tag), bodiesAt(REMOTE).toString());
    }

    /** A new user of hs1 ({@code name} and the run's tag), as its client. */
    private MatrixHttp localUser(String name) {
        MatrixHttp http = server().http();
        return http.as(Accounts.register(http, name + run.substring(0, 8), "pw").accessToken());
    }

    /** A public room of version 10 that the user creates: its ID. */
    private static String publicRoom(MatrixHttp owner) {
        return owner.post("/_matrix/client/v3/createRoom", Map.of("room_version", "10", "preset", "public_chat"))
                .json().path("room_id").asText();
    }

    /** The bodies of the messages in the transactions the server received. */
    private static List<String> bodiesAt(PlayedServer server) {
        List<String> bodies = new ArrayList<>();
        for (PlayedServer.Received t : server.transactions()) {
            for (JsonNode pdu : readObject(t.body()).path("pdus")) {
                if ("m.room.message".equals(pdu.path("type").asText())) {
                    bodies.add(pdu.path("content").path("body").asText());
                }
            }
        }
        return bodies;
    }

    /**
     * Rita of remote.test invites the user into a room of remote.test that this server is not in
     * ({@code /v2/invite}, with the stripped state given): the invite's ID.
     */
    private String inviteAsRemote(String roomId, String userId, ArrayNode roomState) {
        ObjectNode invite = JSON.createObjectNode().put("type", "m.room.member").put("state_key", userId)
                .put("sender", "@rita:remote.test").put("room_id", roomId).put("origin", "remote.test")
                .put("origin_server_ts", System.currentTimeMillis()).put("depth", 5);
        invite.putObject("content").put("membership", "invite");
        invite.putArray("prev_events").add("$before" + run.substring(0, 8));
        invite.putArray("auth_events");
        REMOTE.signedEvent(invite);
        ObjectNode body = JSON.createObjectNode().put("room_version", "10");
        body.set("event", invite);
        body.set("invite_room_state", roomState);
        String target = "/_matrix/federation/v2/invite/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(PlayedServer.eventId(invite), StandardCharsets.UTF_8);
        Reply invited = HTTP.send(federationPort(), "PUT", target,
                REMOTE.authorization("PUT", target, "hs1.test", body, REMOTE.keys), body.toString());
        assertEquals(200, invited.status(), invited.toString());
        return PlayedServer.eventId(invite);
    }

    /**
     * {@code user} of remote.test, named Rita, joins the public room: make_join, the template signed by
     * remote.test, send_join v2; the join's ID.
     */
    /** Raises these users' power levels in the room (its ID encoded for a path), as its creator. */
    private static void raiseLevels(MatrixHttp asCreator, String room, Map<String, Integer> users) {
        String path = "/_matrix/client/v3/rooms/" + room + "/state/m.room.power_levels/";
        ObjectNode levels = (ObjectNode) asCreator.get(path).json();
        users.forEach(levels.with("users")::put);
        assertEquals(200, asCreator.put(path, levels).status());
    }

    private String joinAsRemote(String roomId, String user) {
        String make = "/_matrix/federation/v1/make_join/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "?ver=10";
        Reply template = HTTP.send(federationPort(), "GET", make, REMOTE.authorization("GET", make, "hs1.test", null,
                REMOTE.keys), null);
        assertEquals(200, template.status(), template.toString());
        ObjectNode join = ((ObjectNode) template.json().path("event")).deepCopy();
        join.put("origin", "remote.test").put("origin_server_ts", System.currentTimeMillis());
        ((ObjectNode) join.path("content")).put("displayname", "Rita");
        REMOTE.signedEvent(join);
        String send = "/_matrix/federation/v2/send_join/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(PlayedServer.eventId(join), StandardCharsets.UTF_8);
        Reply joined = HTTP.send(federationPort(), "PUT", send, REMOTE.authorization("PUT", send, "hs1.test", join,
                REMOTE.keys), join.toString());
        assertEquals(200, joined.status(), joined.toString());
        return PlayedServer.eventId(join);
    }

    /**
     * A gap inside a room's timeline (Server-Server API, "Backfilling and retrieving missing
     * events"; Client-Server API, "Syncing", {@code limited}): remote.test pushes only the newest
     * of 25 messages and answers {@code /get_missing_events} with the 10 before it (a server may
     * send fewer than were missing, as Synapse's catch-up after an outage does). Alice's sync is
     * limited, and paging back with {@code /messages} fetches the 14 still missing with
     * {@code /backfill} (five an answer), in order and once each, then goes on to the room's
     * earlier history.
     */
    @Test
    void aGapLeftByGetMissingEventsIsBackfilledWhenPagedInto() {
        MatrixHttp asAlice = localUser("gap");
        String roomId = publicRoom(asAlice);
        String encRoom = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String rita = "@rita" + run.substring(0, 8) + ":remote.test";
        String ritaJoin = joinAsRemote(roomId, rita);
        asAlice.put("/_matrix/client/v3/rooms/" + encRoom + "/send/m.room.message/before" + run.substring(0, 8),
                Map.of("msgtype", "m.text", "body", "before the gap"));
        JsonNode state = asAlice.get("/_matrix/client/v3/rooms/" + encRoom + "/state").json();
        List<String> stateIds = new ArrayList<>();
        List<String> auth = new ArrayList<>();
        for (JsonNode e : state) {
            stateIds.add(e.path("event_id").asText());
            String type = e.path("type").asText();
            if (type.equals("m.room.create") || type.equals("m.room.power_levels")
                    || type.equals("m.room.member") && rita.equals(e.path("state_key").asText())) {
                auth.add(e.path("event_id").asText());
            }
        }
        String latest = asAlice.get("/_matrix/client/v3/rooms/" + encRoom + "/messages?dir=b&limit=1").json()
                .path("chunk").path(0).path("event_id").asText();
        // remote.test's 25 messages, each after the one before
        List<ObjectNode> chain = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ObjectNode event = JSON.createObjectNode().put("type", "m.room.message").put("sender", rita)
                    .put("room_id", roomId).put("origin_server_ts", System.currentTimeMillis()).put("depth", 20 + i);
            event.putObject("content").put("msgtype", "m.text").put("body", "gap " + i);
            event.putArray("prev_events").add(i == 0 ? latest : ids.get(i - 1));
            auth.forEach(event.putArray("auth_events")::add);
            chain.add(REMOTE.signedEvent(event));
            ids.add(PlayedServer.eventId(event));
        }
        REMOTE.answerUnder("/_matrix/federation/v1/get_missing_events/" + roomId, request -> {
            ObjectNode answer = JSON.createObjectNode();
            chain.subList(14, 24).forEach(answer.putArray("events")::add);
            return answer;
        });
        REMOTE.answerUnder("/_matrix/federation/v1/state_ids/" + roomId, request -> {
            ObjectNode answer = JSON.createObjectNode();
            stateIds.forEach(answer.putArray("pdu_ids")::add);
            stateIds.forEach(answer.putArray("auth_chain_ids")::add);
            return answer;
        });
        for (int i = 0; i < chain.size(); i++) {
            ObjectNode event = chain.get(i);
            REMOTE.answerUnder("/_matrix/federation/v1/event/" + ids.get(i), request -> {
                ObjectNode answer = JSON.createObjectNode().put("origin", "remote.test");
                answer.putArray("pdus").add(event);
                return answer;
            });
        }
        // /backfill?v=…&limit=…: the events from v back, newest first, at most 5 (fewer than
        // asked, so that each answer leaves a gap before its oldest event in turn)
        REMOTE.answerUnder("/_matrix/federation/v1/backfill/" + roomId, request -> {
            ObjectNode answer = JSON.createObjectNode().put("origin", "remote.test")
                    .put("origin_server_ts", System.currentTimeMillis());
            ArrayNode pdus = answer.putArray("pdus");
            String query = request.target().substring(request.target().indexOf('?') + 1);
            int from = -1;
            int limit = 100;
            for (String pair : query.split("&")) {
                String value = java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8);
                if (pair.startsWith("v=")) {
                    from = Math.max(from, ids.indexOf(value));
                } else if (pair.startsWith("limit=")) {
                    limit = Integer.parseInt(value);
                }
            }
            for (int i = from; i >= 0 && pdus.size() < Math.min(limit, 5); i--) {
                pdus.add(chain.get(i));
            }
            return answer;
        });
        String since = asAlice.get("/_matrix/client/v3/sync?timeout=0").json().path("next_batch").asText();

        JsonNode taken = transact(chain.get(24));
        assertTrue(taken.isObject() && !taken.has("error"), "the newest message is taken: " + taken);

        String filter = URLEncoder.encode("{\"room\":{\"timeline\":{\"limit\":50}}}", StandardCharsets.UTF_8);
        JsonNode timeline = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter + "&since="
                + URLEncoder.encode(since, StandardCharsets.UTF_8)).json()
                .path("rooms").path("join").path(roomId).path("timeline");
        List<String> synced = new ArrayList<>();
        timeline.path("events").forEach(e -> synced.add(e.path("content").path("body").asText()));
        assertEquals(ids.subList(14, 25).stream().map(id -> "gap " + ids.indexOf(id)).toList(), synced, timeline.toString());
        assertTrue(timeline.path("limited").asBoolean(), "events are missing before the first: " + timeline);
        Reply intoGap = asAlice.get("/_matrix/client/v3/rooms/" + encRoom + "/messages?dir=b&limit=1&from="
                + URLEncoder.encode(timeline.path("prev_batch").asText(), StandardCharsets.UTF_8));
        assertEquals("gap 13", intoGap.json().path("chunk").path(0).path("content").path("body").asText(),
                "prev_batch pages back into the gap: " + intoGap);

        // pages of 4 back from the end of the room, through the gap and on to its start
        PagedBack back = PagedBack.of(asAlice, roomId, 4, 30);
        List<String> paged = back.bodies();
        List<String> types = back.types();
        List<String> expected = new ArrayList<>();
        expected.add("before the gap");
        for (int i = 0; i < 25; i++) {
            expected.add("gap " + i);
        }
        assertEquals(expected, paged, "Alice's pages back: " + types);
        assertEquals("m.room.create", types.get(types.size() - 1), "the room's history to its start: " + types);
        assertTrue(types.contains("m.room.member") && ritaJoin != null, types.toString());
    }

    /**
     * "Checks performed on receipt of a PDU" for each PDU of one transaction, each on top of the
     * one before it (core may write such a run in one database transaction): Sue then Sam of
     * remote.test join the public room and Sam talks, his messages authorised by his join of the
     * same transaction, on top of Sue's; a stranger's message (not joined: rejected, answered {} as Synapse answers), a
     * PDU whose signature no longer holds (dropped with an error) and one after it (its prev_event
     * never arrived: dropped) cost the others nothing. The room shows the accepted events in order.
     */
    @Test
    void eachPduOfATransactionIsCheckedOnTopOfTheOnesBeforeIt() {
        MatrixHttp asAlice = localUser("chained");
        String roomId = publicRoom(asAlice);
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String sam = "@sam" + run.substring(0, 8) + ":remote.test";
        Map<String, String> state = stateByType(asAlice, roomId);
        String latest = latest(asAlice, roomId);
        String sue = "@sue" + run.substring(0, 8) + ":remote.test";
        ObjectNode sueJoins = JSON.createObjectNode().put("type", "m.room.member").put("state_key", sue);
        sueJoins.putObject("content").put("membership", "join");
        sueJoins = chained(roomId, sueJoins, sue, latest, 19, state.get("m.room.create"),
                state.get("m.room.power_levels"), state.get("m.room.join_rules"));
        ObjectNode join = JSON.createObjectNode().put("type", "m.room.member").put("state_key", sam);
        join.putObject("content").put("membership", "join");
        join = chained(roomId, join, sam, PlayedServer.eventId(sueJoins), 20, state.get("m.room.create"),
                state.get("m.room.power_levels"), state.get("m.room.join_rules"));
        String joinId = PlayedServer.eventId(join);
        ObjectNode said = chained(roomId, message("one"), sam, joinId, 21, state.get("m.room.create"),
                state.get("m.room.power_levels"), joinId);
        ObjectNode stranger = chained(roomId, message("a stranger's"), "@stranger" + run.substring(0, 8) + ":remote.test",
                PlayedServer.eventId(said), 22, state.get("m.room.create"), state.get("m.room.power_levels"));
        ObjectNode afterStranger = chained(roomId, message("two"), sam, PlayedServer.eventId(stranger), 23,
                state.get("m.room.create"), state.get("m.room.power_levels"), joinId);
        ObjectNode forged = chained(roomId, message("forged"), sam, PlayedServer.eventId(afterStranger), 24,
                state.get("m.room.create"), state.get("m.room.power_levels"), joinId);
        forged.put("origin_server_ts", forged.path("origin_server_ts").asLong() + 1); // signed before
        ObjectNode afterForged = chained(roomId, message("after the forged one"), sam, PlayedServer.eventId(forged), 25,
                state.get("m.room.create"), state.get("m.room.power_levels"), joinId);
        ObjectNode last = chained(roomId, message("three"), sam, PlayedServer.eventId(afterStranger), 26,
                state.get("m.room.create"), state.get("m.room.power_levels"), joinId);

        JsonNode answer = transactAll(sueJoins, join, said, stranger, afterStranger, forged, afterForged, last);
        for (ObjectNode taken : List.of(sueJoins, join, said, stranger, afterStranger, last)) {
            JsonNode entry = answer.path(PlayedServer.eventId(taken));
            assertTrue(entry.isObject() && entry.isEmpty(), "taken: " + taken.path("content") + " in " + answer);
        }
        assertTrue(answer.path(PlayedServer.eventId(forged)).path("error").isTextual(), answer.toString());
        assertTrue(answer.path(PlayedServer.eventId(afterForged)).path("error").asText().contains("prev_event"),
                answer.toString());
        List<String> bodies = new ArrayList<>();
        for (JsonNode e : asAlice.get("/_matrix/client/v3/rooms/" + room + "/messages?dir=b&limit=10").json()
                .path("chunk")) {
            if (e.path("sender").asText().startsWith("@s")) {
                String what = e.path("content").path("body").asText(e.path("sender").asText()); // a member: who
                bodies.add(0, e.path("type").asText() + " " + what);
            }
        }
        assertEquals(List.of("m.room.member " + sue, "m.room.member " + sam, "m.room.message one", "m.room.message two",
                "m.room.message three"), bodies);
        Reply member = asAlice.get("/_matrix/client/v3/rooms/" + room + "/state/m.room.member/"
                + URLEncoder.encode(sam, StandardCharsets.UTF_8));
        assertEquals("join", member.json().path("membership").asText(), member.toString());
    }

    /**
     * Server-Server API, "Server Access Control Lists": Rita of remote.test, an admin of the
     * room, denies remote.test in a transaction of remote.test; her message after the ACL in the
     * same transaction is refused by it, as it would be in a transaction of its own.
     */
    @Test
    void anAclOfATransactionDeniesItsOriginsLaterPdus() {
        MatrixHttp asAlice = localUser("acled");
        String roomId = publicRoom(asAlice);
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String rita = "@rita" + run.substring(0, 8) + "a:remote.test";
        String join = joinAsRemote(roomId, rita);
        raiseLevels(asAlice, room, Map.of(rita, 100));
        Map<String, String> state = stateByType(asAlice, roomId);
        String latest = latest(asAlice, roomId);
        ObjectNode acl = JSON.createObjectNode().put("type", "m.room.server_acl").put("state_key", "");
        acl.putObject("content").put("allow_ip_literals", true).set("deny", JSON.createArrayNode().add("remote.test"));
        ((ObjectNode) acl.path("content")).putArray("allow").add("*");
        acl = chained(roomId, acl, rita, latest, 30, state.get("m.room.create"), state.get("m.room.power_levels"), join);
        ObjectNode after = chained(roomId, message("after the ACL"), rita, PlayedServer.eventId(acl), 31,
                state.get("m.room.create"), state.get("m.room.power_levels"), join);

        JsonNode answer = transactAll(acl, after);
        assertTrue(answer.path(PlayedServer.eventId(acl)).isEmpty(), answer.toString());
        assertTrue(answer.path(PlayedServer.eventId(after)).path("error").asText().contains("server ACL"),
                answer.toString());
    }

    /**
     * Server-Server API, "Soft failure" (and Synapse's issue 5269): Sid's message beside Alice's new
     * power levels is accepted, his event after it is soft-failed (its type now needs level 50), and
     * his next message follows both the power levels and the soft-failed event. That message is
     * then the room's only forward extremity: the message behind the soft-failed event is one no
     * more, so Alice's next event follows only Sid's last.
     */
    @Test
    void anEventAfterASoftFailedOneEndsTheExtremityBehindIt() {
        MatrixHttp asAlice = localUser("softfail");
        String roomId = publicRoom(asAlice);
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String sid = "@sid" + run.substring(0, 8) + ":remote.test";
        String join = joinAsRemote(roomId, sid);
        Map<String, String> state = stateByType(asAlice, roomId);
        ObjectNode levels = (ObjectNode) asAlice.get("/_matrix/client/v3/rooms/" + room
                + "/state/m.room.power_levels/").json();
        levels.with("events").put("test.sf", 50);
        String raised = asAlice.put("/_matrix/client/v3/rooms/" + room + "/state/m.room.power_levels/", levels)
                .json().path("event_id").asText();
        ObjectNode beside = chained(roomId, message("beside the new levels"), sid, join, 40,
                state.get("m.room.create"), state.get("m.room.power_levels"), join);
        ObjectNode softFailed = JSON.createObjectNode().put("type", "test.sf");
        softFailed.putObject("content").put("body", "below the new level");
        softFailed = chained(roomId, softFailed, sid, PlayedServer.eventId(beside), 41,
                state.get("m.room.create"), state.get("m.room.power_levels"), join);
        ObjectNode after = chained(roomId, message("after both"), sid, List.of(raised, PlayedServer.eventId(softFailed)),
                42, state.get("m.room.create"), raised, join);

        for (ObjectNode event : List.of(beside, softFailed, after)) {
            assertTrue(transact(event).isEmpty(), event.path("content").toString());
        }
        List<String> seen = new ArrayList<>();
        for (JsonNode e : asAlice.get("/_matrix/client/v3/rooms/" + room + "/messages?dir=b&limit=10").json()
                .path("chunk")) {
            seen.add(e.path("content").path("body").asText());
        }
        assertTrue(seen.contains("after both") && !seen.contains("below the new level"), seen.toString());
        String next = asAlice.put("/_matrix/client/v3/rooms/" + room + "/send/m.room.message/sf" + run.substring(0, 8),
                Map.of("msgtype", "m.text", "body", "Alice after Sid")).json().path("event_id").asText();
        JsonNode served = fetchAs(REMOTE, "/_matrix/federation/v1/event/" + URLEncoder.encode(next, StandardCharsets.UTF_8))
                .path("pdus").path(0);
        assertEquals(JSON.createArrayNode().add(PlayedServer.eventId(after)), served.path("prev_events"),
                served.toString());
    }

    /**
     * Client-Server API, "Syncing": {@code state} holds the updates to the state between
     * {@code since} and the timeline, limited or not. Rita of remote.test bans Bob in a fork
     * beside Bob's new topic, which Alice's client saw in its timeline; state resolution applies
     * the ban first and drops Bob's topic, the room's earlier one current again; Alice's second
     * name for the room, beside the fork too, stays. Alice's next
     * sync is not limited (the ban is all that came), yet it carries the earlier topic in
     * {@code state}, once: the sync after it does not repeat it. Sliding sync's
     * {@code required_state} carries it too (MSC4186), once.
     */
    @Test
    void aTopicThatStateResolutionRestoresReachesTheClientInState() {
        MatrixHttp asAlice = localUser("restored");
        MatrixHttp asBob = localUser("dropped");
        String bob = asBob.get("/_matrix/client/v3/account/whoami").json().path("user_id").asText();
        String roomId = publicRoom(asAlice);
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String rita = "@rita" + run.substring(0, 8) + "r:remote.test";
        String ritaJoin = joinAsRemote(roomId, rita);
        assertEquals(200, asBob.post("/_matrix/client/v3/join/" + room, Map.of()).status());
        raiseLevels(asAlice, room, Map.of(rita, 100, bob, 50));
        assertEquals(200, asAlice.put("/_matrix/client/v3/rooms/" + room + "/state/m.room.name/",
                Map.of("name", "the first name")).status());
        String earlier = asAlice.put("/_matrix/client/v3/rooms/" + room + "/state/m.room.topic/",
                Map.of("topic", "the earlier topic")).json().path("event_id").asText();
        Map<String, String> state = stateByType(asAlice, roomId);
        String bobJoin = asAlice.get("/_matrix/client/v3/rooms/" + room + "/state/m.room.member/"
                + URLEncoder.encode(bob, StandardCharsets.UTF_8) + "?format=event").json().path("event_id").asText();
        String filter = URLEncoder.encode("{\"room\":{\"rooms\":[\"" + roomId + "\"]}}", StandardCharsets.UTF_8);
        String since = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter).json().path("next_batch")
                .asText();
        assertEquals(200, asBob.put("/_matrix/client/v3/rooms/" + room + "/state/m.room.topic/",
                Map.of("topic", "Bob's topic")).status());
        assertEquals(200, asAlice.put("/_matrix/client/v3/rooms/" + room + "/state/m.room.name/",
                Map.of("name", "the second name")).status());
        JsonNode sawBobs = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter + "&since=" + since).json();
        assertTrue(sawBobs.toString().contains("Bob's topic"), sawBobs.toString());
        since = sawBobs.path("next_batch").asText();
        String sliding = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync?timeout=0";
        Map<String, Object> topic = Map.of("room_subscriptions", Map.of(roomId, Map.of("timeline_limit", 5,
                "required_state", List.of(List.of("m.room.topic", "")))));
        String pos = asAlice.post(sliding, topic).json().path("pos").asText();

        ObjectNode ban = JSON.createObjectNode().put("type", "m.room.member").put("state_key", bob);
        ban.putObject("content").put("membership", "ban");
        ban = chained(roomId, ban, rita, earlier, 50, state.get("m.room.create"), state.get("m.room.power_levels"),
                ritaJoin, bobJoin);
        assertTrue(transact(ban).isEmpty(), "the ban is taken");
        Await.until("the earlier topic is current again", Duration.ofSeconds(30), () -> "the earlier topic".equals(
                asAlice.get("/_matrix/client/v3/rooms/" + room + "/state/m.room.topic/").json().path("topic").asText()));

        JsonNode synced = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter + "&since=" + since).json();
        JsonNode joined = synced.path("rooms").path("join").path(roomId);
        assertFalse(joined.path("timeline").path("limited").asBoolean(), synced.toString());
        assertEquals(List.of(earlier), idsOf(joined.path("state").path("events"), "m.room.topic"), synced.toString());
        // the fork's side knew only the first name: the client keeps the second, still current
        assertEquals(List.of(), idsOf(joined.path("state").path("events"), "m.room.name"), synced.toString());
        // so does sliding sync's required_state, asking for the topic
        JsonNode slid = asAlice.post(sliding + "&pos=" + pos, topic).json();
        assertEquals(List.of(earlier), idsOf(slid.path("rooms").path(roomId).path("required_state"), "m.room.topic"),
                slid.toString());
        JsonNode slidAgain = asAlice.post(sliding + "&pos=" + slid.path("pos").asText(), topic).json();
        assertEquals(List.of(), idsOf(slidAgain.path("rooms").path(roomId).path("required_state"), "m.room.topic"),
                slidAgain.toString());
        JsonNode again = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter + "&since="
                + synced.path("next_batch").asText()).json();
        assertEquals(List.of(), idsOf(again.path("rooms").path("join").path(roomId).path("state").path("events"),
                "m.room.topic"), again.toString());
    }

    /**
     * Client-Server API, "Syncing", after a gap filled through {@code /state_ids} (Server-Server
     * API, "Retrieving missing events"): Rita of remote.test changes the topic, which reaches this
     * server only as the state before her next message (pulled with {@code /get_missing_events}
     * before the one pushed), the topic itself an outlier. Alice's next
     * sync carries the new topic in {@code state}, once.
     */
    @Test
    void aTopicChangedInAGapReachesTheClientInState() {
        MatrixHttp asAlice = localUser("gaptopic");
        String roomId = publicRoom(asAlice);
        String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
        String rita = "@rita" + run.substring(0, 8) + "g:remote.test";
        String ritaJoin = joinAsRemote(roomId, rita);
        raiseLevels(asAlice, room, Map.of(rita, 100));
        Map<String, String> state = stateByType(asAlice, roomId);
        List<String> stateIds = new ArrayList<>();
        asAlice.get("/_matrix/client/v3/rooms/" + room + "/state").json()
                .forEach(e -> stateIds.add(e.path("event_id").asText()));
        ObjectNode topic = JSON.createObjectNode().put("type", "m.room.topic").put("state_key", "");
        topic.putObject("content").put("topic", "set in the gap");
        topic = chained(roomId, topic, rita, latest(asAlice, roomId), 30, state.get("m.room.create"),
                state.get("m.room.power_levels"), ritaJoin);
        String topicId = PlayedServer.eventId(topic);
        ObjectNode pulled = chained(roomId, message("pulled"), rita, topicId, 31, state.get("m.room.create"),
                state.get("m.room.power_levels"), ritaJoin);
        ObjectNode after = chained(roomId, message("after the gap"), rita, PlayedServer.eventId(pulled), 32,
                state.get("m.room.create"), state.get("m.room.power_levels"), ritaJoin);
        // /get_missing_events brings the message before the pushed one, not the topic before it
        REMOTE.answerUnder("/_matrix/federation/v1/get_missing_events/" + roomId, request -> {
            ObjectNode answer = JSON.createObjectNode();
            answer.putArray("events").add(pulled);
            return answer;
        });
        REMOTE.answerUnder("/_matrix/federation/v1/state_ids/" + roomId, request -> {
            ObjectNode answer = JSON.createObjectNode();
            stateIds.forEach(answer.putArray("pdu_ids")::add);
            stateIds.forEach(answer.putArray("auth_chain_ids")::add);
            return answer;
        });
        ObjectNode served = topic;
        REMOTE.answerUnder("/_matrix/federation/v1/event/" + topicId, request -> {
            ObjectNode answer = JSON.createObjectNode().put("origin", "remote.test");
            answer.putArray("pdus").add(served);
            return answer;
        });
        String filter = URLEncoder.encode("{\"room\":{\"rooms\":[\"" + roomId + "\"]}}", StandardCharsets.UTF_8);
        String since = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter).json().path("next_batch")
                .asText();

        JsonNode taken = transact(after);
        assertTrue(taken.isEmpty(), "the message after the gap is taken: " + taken);
        Await.until("the gap's topic is current", Duration.ofSeconds(30), () -> "set in the gap".equals(
                asAlice.get("/_matrix/client/v3/rooms/" + room + "/state/m.room.topic/").json().path("topic").asText()));
        JsonNode synced = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter + "&since=" + since).json();
        JsonNode joined = synced.path("rooms").path("join").path(roomId);
        assertEquals(List.of(topicId), idsOf(joined.path("state").path("events"), "m.room.topic"), synced.toString());
        JsonNode again = asAlice.get("/_matrix/client/v3/sync?timeout=0&filter=" + filter + "&since="
                + synced.path("next_batch").asText()).json();
        assertEquals(List.of(), idsOf(again.path("rooms").path("join").path(roomId).path("state").path("events"),
                "m.room.topic"), again.toString());
    }

    /** The IDs of the events of the type among the events. */
    private static List<String> idsOf(JsonNode events, String type) {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : events) {
            if (type.equals(e.path("type").asText())) {
                ids.add(e.path("event_id").asText());
            }
        }
        return ids;
    }

    private static ObjectNode message(String body) {
        ObjectNode message = JSON.createObjectNode().put("type", "m.room.message");
        message.putObject("content").put("msgtype", "m.text").put("body", body);
        return message;
    }

    /** The event (type and content given) of {@code sender} of remote.test after {@code prev}, signed by remote.test. */
    private static ObjectNode chained(String roomId, ObjectNode event, String sender, String prev, long depth,
                                      String... auth) {
        return chained(roomId, event, sender, List.of(prev), depth, auth);
    }

    /** The event (type and content given) of {@code sender} of remote.test after {@code prevs}, signed by remote.test. */
    private static ObjectNode chained(String roomId, ObjectNode event, String sender, List<String> prevs, long depth,
                                      String... auth) {
        event.put("sender", sender).put("room_id", roomId).put("origin_server_ts", System.currentTimeMillis())
                .put("depth", depth);
        ArrayNode prevEvents = event.putArray("prev_events");
        prevs.forEach(prevEvents::add);
        ArrayNode authEvents = event.putArray("auth_events");
        for (String id : auth) {
            authEvents.add(id);
        }
        return REMOTE.signedEvent(event);
    }

    /** The events in one transaction of remote.test: the answer's {@code pdus}. */
    private JsonNode transactAll(ObjectNode... events) {
        ObjectNode txn = JSON.createObjectNode().put("origin", "remote.test")
                .put("origin_server_ts", System.currentTimeMillis());
        ArrayNode pdus = txn.putArray("pdus");
        for (ObjectNode e : events) {
            pdus.add(e);
        }
        String path = "/_matrix/federation/v1/send/t" + System.nanoTime();
        Reply reply = HTTP.send(federationPort(), "PUT", path,
                REMOTE.authorization("PUT", path, "hs1.test", txn, REMOTE.keys), txn.toString());
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().path("pdus");
    }

    private static ObjectNode message() {
        return message("hello from remote.test");
    }

    /**
     * The event (type and content given) of {@code sender} of remote.test into the room after its latest
     * event, in a transaction of remote.test: the answer's entry for it.
     */
    private JsonNode sendAsRemote(MatrixHttp asAlice, String roomId, ObjectNode event, String sender) {
        return transact(addressed(asAlice, roomId, event, sender));
    }

    /** The event of {@code sender} of remote.test into the room after its latest event, signed by remote.test. */
    private static ObjectNode addressed(MatrixHttp asAlice, String roomId, ObjectNode event, String sender) {
        List<String> auth = new ArrayList<>();
        for (JsonNode state : asAlice.get("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/state").json()) {
            String type = state.path("type").asText();
            if (type.equals("m.room.create") || type.equals("m.room.power_levels")
                    || type.equals("m.room.member") && sender.equals(state.path("state_key").asText())) {
                auth.add(state.path("event_id").asText());
            }
        }
        return chained(roomId, event, sender, latest(asAlice, roomId), 10, auth.toArray(String[]::new));
    }

    /** The room's latest event, as the user sees it. */
    private static String latest(MatrixHttp user, String roomId) {
        return user.get("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/messages?dir=b&limit=1").json().path("chunk").path(0).path("event_id").asText();
    }

    /** The event IDs of the room's state by type (state keys aside: for the types with one entry). */
    private static Map<String, String> stateByType(MatrixHttp user, String roomId) {
        Map<String, String> state = new HashMap<>();
        for (JsonNode e : user.get("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/state").json()) {
            state.put(e.path("type").asText(), e.path("event_id").asText());
        }
        return state;
    }

    /** The event in a transaction of remote.test: the answer's entry for it. */
    private JsonNode transact(ObjectNode event) {
        return transactAll(event).path(PlayedServer.eventId(event));
    }

    private static ObjectNode readObject(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
