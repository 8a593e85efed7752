package org.hearth.itest.e2ee;

import static org.hearth.itest.e2ee.KeysApiContract.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.WaitingPolls;
import org.junit.jupiter.api.Test;

/**
 * Send-to-device messaging and server-side key backups through the Client-Server API, with their
 * bad inputs; run once per database by the subclasses.
 */
abstract class ToDeviceAndBackupApiContract {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String ALG = "m.megolm_backup.v1.curve25519-aes-sha2";

    abstract MatrixHttp http();

    E2eeClient user(String name) {
        return new E2eeClient(Accounts.register(http(), name + NEXT.incrementAndGet() + "t" + (System.nanoTime() % 10_000), "pw"));
    }

    E2eeClient device(E2eeClient of) {
        return new E2eeClient(Accounts.login(http(), of.userId(), "pw", false));
    }

    static List<String> bodies(JsonNode sync) {
        List<String> out = new ArrayList<>();
        sync.at("/to_device/events").forEach(e -> out.add(e.at("/content/body").asText()));
        return out;
    }

    // --- to-device messages

    @Test
    void messagesReachOneDeviceOrAllAndStayUntilAcknowledged() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        E2eeClient bobsPhone = device(bob);
        String bobSince = bob.sync(null).get("next_batch").asText();
        String phoneSince = bobsPhone.sync(null).get("next_batch").asText();

        assertEquals(200, alice.sendToDevice("m.test", Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("body", "one")))).status());
        assertEquals(200, alice.sendToDevice("m.test", Map.of(bob.userId(), Map.of("*", Map.of("body", "all")))).status());

        JsonNode first = bob.sync(bobSince);
        assertEquals(List.of("one", "all"), bodies(first));
        JsonNode event = first.at("/to_device/events/0");
        assertEquals(alice.userId(), event.get("sender").asText());
        assertEquals("m.test", event.get("type").asText());
        assertEquals(3, event.size(), "sender, type and content only: " + event);
        assertEquals(List.of("all"), bodies(bobsPhone.sync(phoneSince)));

        assertEquals(List.of("one", "all"), bodies(bob.sync(bobSince)), "not acknowledged yet: delivered again");
        JsonNode next = bob.sync(first.get("next_batch").asText());
        assertEquals(List.of(), bodies(next), "acknowledged by syncing from the next token");
        assertEquals(List.of(), bodies(bob.sync(bobSince)), "and deleted");
    }

    @Test
    void aRetriedTransactionIsDeliveredOnce() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        String since = bob.sync(null).get("next_batch").asText();
        Map<String, Map<String, Object>> messages = Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("body", "once")));
        assertEquals(200, alice.sendToDevice("m.test", "same-txn", messages).status());
        assertEquals(200, alice.sendToDevice("m.test", "same-txn", messages).status());
        assertEquals(List.of("once"), bodies(bob.sync(since)));
        E2eeClient alicesPhone = device(alice);
        assertEquals(200, alicesPhone.sendToDevice("m.test", "same-txn", messages).status(), "the ID is per sending device");
        assertEquals(List.of("once", "once"), bodies(bob.sync(since)));
    }

    @Test
    void aLongQueueComesAHundredAtATime() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        String since = bob.sync(null).get("next_batch").asText();
        for (int i = 0; i < 150; i++) {
            alice.sendToDevice("m.test", Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("body", "m" + i))));
        }
        JsonNode first = bob.sync(since);
        List<String> got = new ArrayList<>(bodies(first));
        assertEquals(100, got.size());
        JsonNode second = bob.sync(first.get("next_batch").asText());
        got.addAll(bodies(second));
        assertEquals(150, got.size());
        for (int i = 0; i < 150; i++) {
            assertEquals("m" + i, got.get(i), "in order of arrival");
        }
    }

    @Test
    void aMessageWakesTheWaitingSync() throws Exception {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        String since = bob.sync(null).get("next_batch").asText();
        long start = System.nanoTime();
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> bob.sync(since, 20_000));
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
        alice.sendToDevice("m.test", Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("body", "wake up"))));
        assertEquals(List.of("wake up"), bodies(waiting.get(10, TimeUnit.SECONDS)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void badMessagesAreRefused() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        String path = "/_matrix/client/v3/sendToDevice/m.test/";
        assertError(400, "M_BAD_JSON", alice.login.http().put(path + "a1", Map.of()));
        assertError(400, "M_BAD_JSON", alice.login.http().put(path + "a2", Map.of("messages", List.of())));
        assertError(400, "M_BAD_JSON", alice.login.http().put(path + "a3",
                Map.of("messages", Map.of(bob.userId(), Map.of(bob.deviceId(), "not an object")))));
        assertError(400, "M_INVALID_PARAM", alice.login.http().put(path + "a4",
                Map.of("messages", Map.of("not-a-user", Map.of()))));
        assertError(413, "M_TOO_LARGE", alice.sendToDevice("m.test",
                Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("body", "x".repeat(66_000))))));
        assertError(400, "M_INVALID_PARAM", alice.sendToDevice("x".repeat(300),
                Map.of(bob.userId(), Map.of(bob.deviceId(), Map.of("body", "x")))));
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.put("D" + i, Map.of());
        }
        assertError(400, "M_INVALID_PARAM", alice.login.http().put(path + "a5", Map.of("messages", Map.of(bob.userId(), tooMany))));
        assertEquals(200, alice.sendToDevice("m.test", Map.of(bob.userId(), Map.of("NOSUCHDEVICE", Map.of("body", "x")),
                "@nobody:localhost", Map.of("*", Map.of()), "@remote:elsewhere.example", Map.of("*", Map.of()))).status(),
                "unknown and remote recipients are skipped");
        assertEquals(List.of(), bodies(bob.sync(null)), "nothing refused was queued");
    }

    // --- key backups

    static Reply createBackup(E2eeClient who) {
        return who.login.http().post("/_matrix/client/v3/room_keys/version",
                Map.of("algorithm", ALG, "auth_data", Map.of("public_key", "abcdefg")));
    }

    static String version(E2eeClient who) {
        Reply created = createBackup(who);
        assertEquals(200, created.status(), created.text());
        return created.json().get("version").asText();
    }

    static Map<String, Object> key(int firstMessageIndex, int forwardedCount, boolean verified, String data) {
        return Map.of("first_message_index", firstMessageIndex, "forwarded_count", forwardedCount, "is_verified", verified,
                "session_data", Map.of("ciphertext", data));
    }

    static String keysPath(String roomAndSession, String version) {
        return "/_matrix/client/v3/room_keys/keys" + roomAndSession + "?version=" + version;
    }

    @Test
    void noBackupIsNotFoundThenVersionsComeAndGo() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        MatrixHttp as = alice.login.http();
        assertError(404, "M_NOT_FOUND", as.get("/_matrix/client/v3/room_keys/version"));
        String first = version(alice);
        String second = version(alice);
        JsonNode current = as.get("/_matrix/client/v3/room_keys/version").json();
        assertEquals(second, current.get("version").asText());
        assertEquals(ALG, current.get("algorithm").asText());
        assertEquals("abcdefg", current.at("/auth_data/public_key").asText());
        assertEquals(0, current.get("count").asInt());
        assertTrue(current.get("etag").isTextual());
        assertError(404, "M_NOT_FOUND", bob.login.http().get("/_matrix/client/v3/room_keys/version/" + first));

        assertEquals(200, as.put("/_matrix/client/v3/room_keys/version/" + first,
                Map.of("algorithm", ALG, "auth_data", Map.of("public_key", "new"), "version", first)).status());
        assertEquals("new", as.get("/_matrix/client/v3/room_keys/version/" + first).json().at("/auth_data/public_key").asText());
        assertError(400, "M_INVALID_PARAM", as.put("/_matrix/client/v3/room_keys/version/" + first,
                Map.of("algorithm", "other", "auth_data", Map.of())));
        assertError(400, "M_INVALID_PARAM", as.put("/_matrix/client/v3/room_keys/version/" + first,
                Map.of("algorithm", ALG, "auth_data", Map.of(), "version", second)));
        assertError(400, "M_BAD_JSON", as.post("/_matrix/client/v3/room_keys/version", Map.of("algorithm", ALG, "auth_data", 5)));
        assertError(400, "M_MISSING_PARAM", as.post("/_matrix/client/v3/room_keys/version", Map.of("auth_data", Map.of())));

        assertEquals(200, as.delete("/_matrix/client/v3/room_keys/version/" + second).status());
        assertEquals(200, as.delete("/_matrix/client/v3/room_keys/version/" + second).status(), "deleted before: still fine");
        assertError(404, "M_NOT_FOUND", as.get("/_matrix/client/v3/room_keys/version/" + second));
        assertEquals(first, as.get("/_matrix/client/v3/room_keys/version").json().get("version").asText());
        assertError(404, "M_NOT_FOUND", as.delete("/_matrix/client/v3/room_keys/version/98765432"));
        assertError(404, "M_NOT_FOUND", as.get("/_matrix/client/v3/room_keys/version/bogus"));
    }

    @Test
    void keysAreStoredInAllThreeFormsAndOnlyBetterKeysReplace() {
        E2eeClient alice = user("alice");
        MatrixHttp as = alice.login.http();
        String version = version(alice);
        String room = "!room:localhost";

        Reply one = as.put(keysPath("/" + room + "/s1", version), key(5, 1, false, "first"));
        assertEquals(200, one.status(), one.text());
        assertEquals(1, one.json().get("count").asInt());
        Reply many = as.put(keysPath("/" + room, version), Map.of("sessions", Map.of("s2", key(0, 0, false, "s2"))));
        assertEquals(2, many.json().get("count").asInt());
        Reply all = as.put(keysPath("", version), Map.of("rooms", Map.of("!other:localhost",
                Map.of("sessions", Map.of("s3", key(0, 0, false, "s3"))))));
        assertEquals(3, all.json().get("count").asInt());
        assertNotEquals(one.json().get("etag"), all.json().get("etag"));

        String etag = all.json().get("etag").asText();
        Reply worse = as.put(keysPath("/" + room + "/s1", version), key(7, 0, false, "worse index"));
        assertEquals(etag, worse.json().get("etag").asText(), "a worse key changes nothing");
        as.put(keysPath("/" + room + "/s1", version), key(5, 2, false, "more forwarded"));
        assertEquals("first", as.get(keysPath("/" + room + "/s1", version)).json().at("/session_data/ciphertext").asText());
        as.put(keysPath("/" + room + "/s1", version), key(5, 0, false, "fewer forwards"));
        assertEquals("fewer forwards", as.get(keysPath("/" + room + "/s1", version)).json().at("/session_data/ciphertext").asText());
        as.put(keysPath("/" + room + "/s1", version), key(9, 9, true, "verified"));
        as.put(keysPath("/" + room + "/s1", version), key(0, 0, false, "unverified but lower"));
        JsonNode kept = as.get(keysPath("/" + room + "/s1", version)).json();
        assertEquals("verified", kept.at("/session_data/ciphertext").asText(), "verified wins over a lower index");
        assertTrue(kept.get("is_verified").asBoolean());

        JsonNode everything = as.get(keysPath("", version)).json();
        assertEquals(2, everything.at("/rooms/" + room + "/sessions").size());
        assertEquals(1, everything.at("/rooms/!other:localhost/sessions").size());
        assertEquals(Map.of("sessions", Map.of()), E2eeClient.JSON.convertValue(as.get(keysPath("/!empty:localhost", version)).json(), Map.class));
        assertError(404, "M_NOT_FOUND", as.get(keysPath("/" + room + "/nosuchsession", version)));

        Reply deleted = as.delete(keysPath("/" + room + "/s1", version));
        assertEquals(2, deleted.json().get("count").asInt());
        assertEquals(1, as.delete(keysPath("/" + room, version)).json().get("count").asInt());
        assertEquals(0, as.delete(keysPath("", version)).json().get("count").asInt());
        assertEquals(0, as.get("/_matrix/client/v3/room_keys/version/" + version).json().get("count").asInt());
    }

    @Test
    void keysForAnotherVersionOrOfBadShapeAreRefused() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        MatrixHttp as = alice.login.http();
        assertError(404, "M_NOT_FOUND", as.put(keysPath("/!r:localhost/s", "1"), key(0, 0, false, "no backup yet")));
        String old = version(alice);
        String current = version(alice);

        Reply wrong = as.put(keysPath("/!r:localhost/s", old), key(0, 0, false, "old"));
        assertError(403, "M_WRONG_ROOM_KEYS_VERSION", wrong);
        assertEquals(current, wrong.json().get("current_version").asText());
        assertError(403, "M_WRONG_ROOM_KEYS_VERSION", as.put(keysPath("/!r:localhost/s", "bogus"), key(0, 0, false, "x")));
        assertError(404, "M_NOT_FOUND", as.get(keysPath("", "bogus")));
        assertError(404, "M_NOT_FOUND", bob.login.http().get(keysPath("", current)));
        assertError(400, "M_MISSING_PARAM", as.get("/_matrix/client/v3/room_keys/keys"));
        assertError(400, "M_INVALID_PARAM", as.put(keysPath("/not-a-room/s", current), key(0, 0, false, "x")));
        assertError(400, "M_BAD_JSON", as.put(keysPath("/!r:localhost/s", current),
                Map.of("first_message_index", -1, "forwarded_count", 0, "is_verified", false, "session_data", Map.of())));
        assertError(400, "M_BAD_JSON", as.put(keysPath("/!r:localhost/s", current),
                Map.of("first_message_index", 0, "forwarded_count", 0, "is_verified", "yes", "session_data", Map.of())));
        assertError(400, "M_BAD_JSON", as.put(keysPath("/!r:localhost/s", current),
                Map.of("first_message_index", 0, "forwarded_count", 0, "is_verified", false)));
        assertError(400, "M_INVALID_PARAM", as.put(keysPath("/!r:localhost/s", current),
                key(0, 0, false, "x".repeat(70_000))));
        assertError(400, "M_BAD_JSON", as.put(keysPath("", current), Map.of("rooms", List.of())));
        assertEquals(0, as.get("/_matrix/client/v3/room_keys/version").json().get("count").asInt(), "nothing refused was stored");
    }
}
