package org.hearth.itest.e2ee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Reply;
import org.hearth.testkit.WaitingPolls;
import org.junit.jupiter.api.Test;

/**
 * Device keys, one-time and fallback keys, device-list changes and cross-signing through the
 * Client-Server API ("End-to-End Encryption"), with their bad inputs; run once per database by
 * the subclasses.
 */
abstract class KeysApiContract {
    private static final AtomicInteger NEXT = new AtomicInteger();

    abstract MatrixHttp http();

    E2eeClient user(String name) {
        return new E2eeClient(Accounts.register(http(), name + NEXT.incrementAndGet() + "k" + (System.nanoTime() % 10_000), "pw"));
    }

    /** Another device of the same user. */
    E2eeClient device(E2eeClient of) {
        return new E2eeClient(Accounts.login(http(), of.userId(), "pw", false));
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    static void assertError(int status, String errcode, Reply reply) {
        assertEquals(status, reply.status(), reply.text());
        assertEquals(errcode, reply.errcode(), reply.text());
    }

    // --- /keys/upload and /keys/query

    @Test
    void uploadedKeysAreQueriedWithTheDeviceName() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        assertEquals(200, alice.login.http().put("/_matrix/client/v3/devices/" + alice.deviceId(),
                Map.of("display_name", "Alice's laptop")).status());
        ObjectNode deviceKeys = alice.deviceKeys();
        JsonNode counts = alice.uploadOk(body("device_keys", deviceKeys,
                "one_time_keys", Map.of("signed_curve25519:AAAA", alice.signedKey("k1", false),
                        "signed_curve25519:AAAB", alice.signedKey("k2", false), "curve25519:X", "plainkey"),
                "fallback_keys", Map.of("signed_curve25519:FFFF", alice.signedKey("fb", true))));
        assertEquals(2, counts.at("/one_time_key_counts/signed_curve25519").asInt());
        assertEquals(1, counts.at("/one_time_key_counts/curve25519").asInt());

        JsonNode answer = bob.queryOk(Map.of(alice.userId(), List.of(), "@nobody:localhost", List.of(),
                "@someone:elsewhere.example", List.of()));
        JsonNode device = answer.at("/device_keys/" + alice.userId() + "/" + alice.deviceId());
        assertEquals("Alice's laptop", device.at("/unsigned/device_display_name").asText());
        ObjectNode withoutUnsigned = ((ObjectNode) device).deepCopy();
        withoutUnsigned.remove("unsigned");
        assertEquals(deviceKeys, withoutUnsigned, "the keys come back as uploaded");
        assertEquals(0, answer.at("/device_keys/@nobody:localhost").size(), "an unknown user has no devices");
        assertTrue(answer.at("/failures/elsewhere.example").isObject(), "without federation the remote server fails: " + answer);
        assertFalse(answer.path("device_keys").has("@someone:elsewhere.example"));

        bob.uploadOk(body("device_keys", bob.deviceKeys()));
        JsonNode unnamed = alice.queryOk(Map.of(bob.userId(), List.of())).at("/device_keys/" + bob.userId() + "/" + bob.deviceId());
        assertEquals(0, unnamed.get("unsigned").size(), "unsigned is there, empty, for a device without a name: " + unnamed);

        JsonNode onlyOther = bob.queryOk(Map.of(alice.userId(), List.of("NOTHERE")));
        assertEquals(0, onlyOther.at("/device_keys/" + alice.userId()).size());
        assertEquals(1, bob.queryOk(Map.of(alice.userId(), List.of(alice.deviceId()))).at("/device_keys/" + alice.userId()).size());
    }

    @Test
    void badDeviceKeysAreRefused() {
        E2eeClient alice = user("alice");
        E2eeClient other = device(alice);
        E2eeClient bob = user("bob");

        ObjectNode unsigned = alice.deviceKeys();
        unsigned.remove("signatures");
        unsigned.putObject("signatures");
        assertError(400, "M_INVALID_SIGNATURE", alice.upload(body("device_keys", unsigned)));

        ObjectNode forged = alice.deviceKeys();
        new Ed25519Keys().sign(forged, alice.userId(), "ed25519:" + alice.deviceId());
        assertError(400, "M_INVALID_SIGNATURE", alice.upload(body("device_keys", forged)));

        ObjectNode tampered = alice.deviceKeys();
        tampered.withObjectProperty("keys").put("curve25519:" + alice.deviceId(), "swapped");
        assertError(400, "M_INVALID_SIGNATURE", alice.upload(body("device_keys", tampered)));

        assertError(403, "M_FORBIDDEN", alice.upload(body("device_keys", other.deviceKeys())));
        assertError(403, "M_FORBIDDEN", alice.upload(body("device_keys", bob.deviceKeys())));

        ObjectNode noAlgorithms = alice.deviceKeys();
        noAlgorithms.remove("algorithms");
        assertError(400, "M_BAD_JSON", alice.upload(body("device_keys", noAlgorithms)));
        ObjectNode keysNotObject = alice.deviceKeys();
        keysNotObject.put("keys", "nope");
        assertError(400, "M_BAD_JSON", alice.upload(body("device_keys", keysNotObject)));
        assertError(400, "M_BAD_JSON", alice.upload(body("device_keys", List.of(1, 2))));
        assertError(400, "M_NOT_JSON", alice.upload("{not json"));

        assertEquals(0, bob.queryOk(Map.of(alice.userId(), List.of())).at("/device_keys/" + alice.userId()).size(),
                "nothing refused was stored");
    }

    @Test
    void badOneTimeAndFallbackKeysAreRefused() {
        E2eeClient alice = user("alice");
        assertError(400, "M_INVALID_PARAM", alice.upload(body("one_time_keys", Map.of("nocolon", "k"))));
        assertError(400, "M_INVALID_PARAM", alice.upload(body("one_time_keys", Map.of(":id", "k"))));
        assertError(400, "M_BAD_JSON", alice.upload(body("one_time_keys", Map.of("signed_curve25519:A", 5))));
        assertError(400, "M_BAD_JSON", alice.upload(body("one_time_keys", "not an object")));
        assertError(400, "M_INVALID_PARAM", alice.upload(body("one_time_keys",
                Map.of("signed_curve25519:A", Map.of("key", "x".repeat(5000))))));
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.put("curve25519:k" + i, "key" + i);
        }
        assertError(400, "M_INVALID_PARAM", alice.upload(body("one_time_keys", tooMany)));
        assertError(400, "M_INVALID_PARAM", alice.upload(body("fallback_keys",
                Map.of("signed_curve25519:F1", alice.signedKey("a", true), "signed_curve25519:F2", alice.signedKey("b", true)))));

        alice.uploadOk(body("one_time_keys", Map.of("curve25519:A", "first")));
        JsonNode again = alice.uploadOk(body("one_time_keys", Map.of("curve25519:A", "first")));
        assertEquals(1, again.at("/one_time_key_counts/curve25519").asInt(), "a retried upload changes nothing");
        assertError(400, "M_INVALID_PARAM", alice.upload(body("one_time_keys", Map.of("curve25519:A", "second"))));
        assertEquals(0, alice.uploadOk(Map.of()).at("/one_time_key_counts/signed_curve25519").asInt(),
                "signed_curve25519 is always counted");
    }

    // --- /keys/claim

    @Test
    void claimsTakeOneTimeKeysOnceThenTheFallbackKey() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        alice.uploadOk(body("device_keys", alice.deviceKeys(),
                "one_time_keys", Map.of("signed_curve25519:AAAA", alice.signedKey("k1", false)),
                "fallback_keys", Map.of("signed_curve25519:FFFF", alice.signedKey("fb", true))));
        assertEquals(List.of("signed_curve25519"), strings(alice.sync(null).get("device_unused_fallback_key_types")));

        Map<String, Map<String, String>> ask = Map.of(alice.userId(), Map.of(alice.deviceId(), "signed_curve25519"));
        JsonNode first = claim(bob, ask);
        assertEquals("k1", first.at("/one_time_keys/" + alice.userId() + "/" + alice.deviceId() + "/signed_curve25519:AAAA/key").asText());
        JsonNode second = claim(bob, ask);
        assertEquals("fb", second.at("/one_time_keys/" + alice.userId() + "/" + alice.deviceId() + "/signed_curve25519:FFFF/key").asText());
        JsonNode third = claim(bob, ask);
        assertTrue(third.at("/one_time_keys/" + alice.userId() + "/" + alice.deviceId()).has("signed_curve25519:FFFF"),
                "the fallback key stays");

        JsonNode sync = alice.sync(null);
        assertEquals(0, sync.at("/device_one_time_keys_count/signed_curve25519").asInt());
        assertEquals(List.of(), strings(sync.get("device_unused_fallback_key_types")), "the fallback key was used");

        JsonNode unknown = claim(bob, Map.of(alice.userId(), Map.of("NOSUCHDEVICE", "signed_curve25519"),
                "@nobody:localhost", Map.of("X", "signed_curve25519"), "@remote:elsewhere.example", Map.of("Y", "signed_curve25519")));
        assertEquals(0, unknown.get("one_time_keys").size(), "unknown devices and users are left out: " + unknown);
        assertTrue(unknown.at("/failures/elsewhere.example").isObject());

        assertError(400, "M_BAD_JSON", bob.login.http().post("/_matrix/client/v3/keys/claim", Map.of("one_time_keys", List.of())));
        assertError(400, "M_BAD_JSON", bob.login.http().post("/_matrix/client/v3/keys/claim", Map.of()));
        assertError(400, "M_BAD_JSON", bob.login.http().post("/_matrix/client/v3/keys/claim",
                Map.of("one_time_keys", Map.of(alice.userId(), Map.of(alice.deviceId(), 5)))));
        assertError(400, "M_INVALID_PARAM", bob.login.http().post("/_matrix/client/v3/keys/claim",
                Map.of("one_time_keys", Map.of("not-a-user", Map.of()))));
    }

    static JsonNode claim(E2eeClient who, Map<String, Map<String, String>> ask) {
        Reply reply = who.claim(ask);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // --- device lists

    @Test
    void deviceListChangesReachRoomMembersNotStrangers() throws Exception {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        E2eeClient carol = user("carol");
        String room = alice.createRoom(Map.of("preset", "public_chat"));
        bob.join(room);
        String aliceSince = alice.sync(null).get("next_batch").asText();
        String carolSince = carol.sync(null).get("next_batch").asText();

        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> alice.sync(aliceSince, 20_000));
        WaitingPolls.await(http(), 1); // parked, so what follows must wake it
        bob.uploadOk(body("device_keys", bob.deviceKeys()));
        JsonNode aliceSync = waiting.get(10, TimeUnit.SECONDS);
        assertTrue(strings(aliceSync.at("/device_lists/changed")).contains(bob.userId()),
                "a room member's new keys wake the long poll: " + aliceSync.get("device_lists"));
        JsonNode carolSync = carol.sync(carolSince);
        assertFalse(strings(carolSync.at("/device_lists/changed")).contains(bob.userId()), "a stranger does not hear of it");

        Reply changes = alice.login.http().get("/_matrix/client/v3/keys/changes?from=" + aliceSince + "&to="
                + aliceSync.get("next_batch").asText());
        assertEquals(200, changes.status(), changes.text());
        assertTrue(strings(changes.json().get("changed")).contains(bob.userId()));

        String beforeLeave = aliceSync.get("next_batch").asText();
        bob.leave(room);
        JsonNode afterLeave = alice.sync(beforeLeave);
        assertTrue(strings(afterLeave.at("/device_lists/left")).contains(bob.userId()), afterLeave.get("device_lists").toString());

        String beforeJoin = afterLeave.get("next_batch").asText();
        carol.join(room);
        assertTrue(strings(alice.sync(beforeJoin).at("/device_lists/changed")).contains(carol.userId()),
                "someone who starts sharing a room is a change");

        assertError(400, "M_INVALID_PARAM", alice.login.http().get("/_matrix/client/v3/keys/changes?from=bogus&to=" + beforeJoin));
        assertError(400, "M_MISSING_PARAM", alice.login.http().get("/_matrix/client/v3/keys/changes?from=" + beforeJoin));
    }

    @Test
    void anInviteIsADeviceListChangeForTheRoomsMembers() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        String room = alice.createRoom(Map.of("preset", "private_chat"));
        String since = alice.sync(null).get("next_batch").asText();

        alice.invite(room, bob);
        JsonNode afterInvite = alice.sync(since);
        assertTrue(strings(afterInvite.at("/device_lists/changed")).contains(bob.userId()),
                "clients encrypt for invited members, so they need their devices: " + afterInvite.get("device_lists"));

        bob.leave(room); // rejects the invite
        JsonNode afterRejection = alice.sync(afterInvite.get("next_batch").asText());
        assertTrue(strings(afterRejection.at("/device_lists/left")).contains(bob.userId()),
                afterRejection.get("device_lists").toString());
        assertTrue(afterRejection.at("/device_lists/changed").isMissingNode(),
                "an empty list is left out (both are optional): " + afterRejection.get("device_lists"));
    }

    @Test
    void newAndDeletedDevicesAreChangesToo() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        String room = alice.createRoom(Map.of("preset", "public_chat"));
        bob.join(room);
        String since = alice.sync(null).get("next_batch").asText();
        E2eeClient bobsPhone = device(bob);
        JsonNode afterLogin = alice.sync(since);
        assertTrue(strings(afterLogin.at("/device_lists/changed")).contains(bob.userId()));
        assertTrue(strings(bob.sync(since).at("/device_lists/changed")).contains(bob.userId()), "the user hears of their own devices");

        Reply logout = bobsPhone.login.http().post("/_matrix/client/v3/logout", Map.of());
        assertEquals(200, logout.status());
        JsonNode afterLogout = alice.sync(afterLogin.get("next_batch").asText());
        assertTrue(strings(afterLogout.at("/device_lists/changed")).contains(bob.userId()));
    }

    @Test
    void oldSyncTokensStillWork() {
        E2eeClient alice = user("alice");
        JsonNode sync = alice.sync(null);
        String next = sync.get("next_batch").asText();
        assertTrue(next.matches("s\\d+_t\\d+_d\\d+_k\\d+_p\\d+"), next);
        String old = next.substring(0, next.indexOf("_d"));
        assertEquals(200, alice.login.http().get("/_matrix/client/v3/sync?since=" + old).status());
        assertEquals(200, alice.login.http().get("/_matrix/client/v3/sync?since=" + next.substring(0, next.indexOf("_t"))).status());
    }

    // --- cross-signing

    /** A user's three cross-signing keys, the second and third signed by the first. */
    record CrossKeys(Ed25519Keys master, Ed25519Keys self, Ed25519Keys user, Map<String, Object> upload) {
        static CrossKeys of(String userId) {
            Ed25519Keys master = new Ed25519Keys();
            Ed25519Keys self = new Ed25519Keys();
            Ed25519Keys user = new Ed25519Keys();
            ObjectNode masterKey = key(userId, "master", master);
            ObjectNode selfKey = master.sign(key(userId, "self_signing", self), userId, "ed25519:" + master.publicKey());
            ObjectNode userKey = master.sign(key(userId, "user_signing", user), userId, "ed25519:" + master.publicKey());
            return new CrossKeys(master, self, user, body("master_key", masterKey, "self_signing_key", selfKey,
                    "user_signing_key", userKey));
        }

        static ObjectNode key(String userId, String usage, Ed25519Keys keys) {
            ObjectNode json = E2eeClient.JSON.createObjectNode().put("user_id", userId);
            json.putArray("usage").add(usage);
            json.putObject("keys").put("ed25519:" + keys.publicKey(), keys.publicKey());
            return json;
        }

        ObjectNode masterKey() {
            return (ObjectNode) upload.get("master_key");
        }
    }

    static Reply uploadCrossSigning(E2eeClient who, Map<String, Object> body) {
        return who.login.http().post("/_matrix/client/v3/keys/device_signing/upload", body);
    }

    static Reply uploadSignatures(E2eeClient who, Map<String, Object> body) {
        return who.login.http().post("/_matrix/client/v3/keys/signatures/upload", body);
    }

    @Test
    void crossSigningKeysFirstFreeThenBehindThePassword() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        CrossKeys keys = CrossKeys.of(alice.userId());
        assertEquals(200, uploadCrossSigning(alice, keys.upload()).status(), "the first upload needs no password");
        assertEquals(200, uploadCrossSigning(alice, keys.upload()).status(), "nor does an exact repeat");

        JsonNode seenByBob = bob.queryOk(Map.of(alice.userId(), List.of()));
        assertEquals(keys.masterKey(), seenByBob.at("/master_keys/" + alice.userId()));
        assertEquals(keys.upload().get("self_signing_key"), seenByBob.at("/self_signing_keys/" + alice.userId()));
        assertFalse(seenByBob.path("user_signing_keys").has(alice.userId()), "the user-signing key is Alice's alone");
        assertEquals(keys.upload().get("user_signing_key"),
                alice.queryOk(Map.of(alice.userId(), List.of())).at("/user_signing_keys/" + alice.userId()));

        CrossKeys replacement = CrossKeys.of(alice.userId());
        Reply challenge = uploadCrossSigning(alice, replacement.upload());
        assertEquals(401, challenge.status(), challenge.text());
        assertEquals("m.login.password", challenge.json().at("/flows/0/stages/0").asText());
        Map<String, Object> wrongPassword = new LinkedHashMap<>(replacement.upload());
        wrongPassword.put("auth", Map.of("type", "m.login.password", "password", "wrong",
                "identifier", Map.of("type", "m.id.user", "user", alice.userId()), "session", challenge.json().get("session").asText()));
        assertEquals(401, uploadCrossSigning(alice, wrongPassword).status());
        Map<String, Object> withPassword = new LinkedHashMap<>(replacement.upload());
        // As Element sends it right after login: the password, no session.
        withPassword.put("auth", Map.of("type", "m.login.password", "password", "pw",
                "identifier", Map.of("type", "m.id.user", "user", alice.userId())));
        Reply replaced = uploadCrossSigning(alice, withPassword);
        assertEquals(200, replaced.status(), replaced.text());
        assertEquals(replacement.masterKey(), bob.queryOk(Map.of(alice.userId(), List.of())).at("/master_keys/" + alice.userId()));
    }

    @Test
    void badCrossSigningKeysAreRefused() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        CrossKeys keys = CrossKeys.of(alice.userId());
        assertError(400, "M_MISSING_PARAM", uploadCrossSigning(alice, body("self_signing_key", keys.upload().get("self_signing_key"))));

        ObjectNode badlySigned = new Ed25519Keys().sign(CrossKeys.key(alice.userId(), "self_signing", keys.self()),
                alice.userId(), "ed25519:" + keys.master().publicKey());
        assertError(400, "M_INVALID_SIGNATURE", uploadCrossSigning(alice, body("master_key", keys.masterKey(),
                "self_signing_key", badlySigned)));
        assertError(400, "M_INVALID_PARAM", uploadCrossSigning(alice, body("master_key", CrossKeys.of(bob.userId()).masterKey())));
        ObjectNode twoKeys = keys.masterKey().deepCopy();
        twoKeys.withObjectProperty("keys").put("ed25519:other", "other");
        assertError(400, "M_INVALID_PARAM", uploadCrossSigning(alice, body("master_key", twoKeys)));
        ObjectNode wrongUsage = CrossKeys.key(alice.userId(), "self_signing", keys.master());
        assertError(400, "M_INVALID_PARAM", uploadCrossSigning(alice, body("master_key", wrongUsage)));
        assertError(400, "M_MISSING_PARAM", uploadCrossSigning(alice, Map.of()));
        assertFalse(bob.queryOk(Map.of(alice.userId(), List.of())).path("master_keys").has(alice.userId()), "nothing was stored");
    }

    @Test
    void signaturesThatVerifyAreStoredAndTheOthersReported() {
        E2eeClient alice = user("alice");
        E2eeClient bob = user("bob");
        ObjectNode aliceDevice = alice.deviceKeys();
        alice.uploadOk(body("device_keys", aliceDevice));
        CrossKeys aliceKeys = CrossKeys.of(alice.userId());
        CrossKeys bobKeys = CrossKeys.of(bob.userId());
        assertEquals(200, uploadCrossSigning(alice, aliceKeys.upload()).status());
        assertEquals(200, uploadCrossSigning(bob, bobKeys.upload()).status());
        String selfKeyId = "ed25519:" + aliceKeys.self().publicKey();

        ObjectNode deviceSigned = aliceKeys.self().sign(aliceDevice.deepCopy(), alice.userId(), selfKeyId);
        ObjectNode masterSignedByDevice = alice.identity.sign(aliceKeys.masterKey().deepCopy(), alice.userId(),
                "ed25519:" + alice.deviceId());
        ObjectNode bobMasterSigned = aliceKeys.user().sign(bobKeys.masterKey().deepCopy(), alice.userId(),
                "ed25519:" + aliceKeys.user().publicKey());
        Reply good = uploadSignatures(alice, Map.of(
                alice.userId(), Map.of(alice.deviceId(), deviceSigned, aliceKeys.master().publicKey(), masterSignedByDevice),
                bob.userId(), Map.of(bobKeys.master().publicKey(), bobMasterSigned)));
        assertEquals(200, good.status(), good.text());
        assertEquals(0, good.json().get("failures").size(), good.text());

        JsonNode seenByBob = bob.queryOk(Map.of(alice.userId(), List.of(), bob.userId(), List.of()));
        assertTrue(seenByBob.at("/device_keys/" + alice.userId() + "/" + alice.deviceId() + "/signatures/" + alice.userId())
                .has(selfKeyId), "the self-signing signature of the device is shown");
        assertTrue(seenByBob.at("/master_keys/" + alice.userId() + "/signatures/" + alice.userId()).has("ed25519:" + alice.deviceId()));
        assertFalse(seenByBob.at("/master_keys/" + bob.userId() + "/signatures").has(alice.userId()),
                "Alice's signature of Bob's key is hers alone to see");
        JsonNode seenByAlice = alice.queryOk(Map.of(bob.userId(), List.of()));
        assertTrue(seenByAlice.at("/master_keys/" + bob.userId() + "/signatures/" + alice.userId())
                .has("ed25519:" + aliceKeys.user().publicKey()));

        ObjectNode forged = new Ed25519Keys().sign(aliceDevice.deepCopy(), alice.userId(), selfKeyId);
        ObjectNode changed = aliceKeys.self().sign(aliceDevice.deepCopy().put("extra", "x"), alice.userId(), selfKeyId);
        ObjectNode bobForged = new Ed25519Keys().sign(bobKeys.masterKey().deepCopy(), alice.userId(),
                "ed25519:" + aliceKeys.user().publicKey());
        Reply bad = uploadSignatures(alice, Map.of(
                alice.userId(), Map.of(alice.deviceId(), forged, "NOSUCHDEVICE", forged),
                bob.userId(), Map.of(bobKeys.master().publicKey(), bobForged, "notbobskey", bobForged),
                "@remote:elsewhere.example", Map.of("K", bobForged)));
        assertEquals(200, bad.status(), bad.text());
        JsonNode failures = bad.json().get("failures");
        assertEquals("M_INVALID_SIGNATURE", failures.at("/" + alice.userId() + "/" + alice.deviceId() + "/errcode").asText(), bad.text());
        assertEquals("M_NOT_FOUND", failures.at("/" + alice.userId() + "/NOSUCHDEVICE/errcode").asText());
        assertEquals("M_INVALID_SIGNATURE", failures.path(bob.userId()).path(bobKeys.master().publicKey()).path("errcode").asText());
        assertEquals("M_NOT_FOUND", failures.at("/" + bob.userId() + "/notbobskey/errcode").asText());
        assertTrue(failures.at("/@remote:elsewhere.example/K").has("errcode"));
        Reply mismatch = uploadSignatures(alice, Map.of(alice.userId(), Map.of(alice.deviceId(), changed)));
        assertEquals("M_INVALID_PARAM", mismatch.json().at("/failures/" + alice.userId() + "/" + alice.deviceId() + "/errcode").asText());
        assertError(400, "M_BAD_JSON", uploadSignatures(alice, Map.of(alice.userId(), List.of())));
    }

    // --- /versions

    @Test
    void versionsAdvertiseCrossSigning() {
        Reply versions = http().get("/_matrix/client/versions");
        assertTrue(versions.json().at("/unstable_features/org.matrix.e2e_cross_signing").asBoolean(), versions.text());
    }
}
