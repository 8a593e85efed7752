package org.hearth.itest.federation;

import static org.hearth.itest.federation.FederatedRoomsContract.as;
import static org.hearth.itest.federation.FederatedRoomsContract.enc;
import static org.hearth.itest.federation.FederatedRoomsContract.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Await;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end encryption keys across two Hearth servers (hs1.test, hs2.test, as in
 * {@link FederatedRoomsContract}): {@code /keys/query} and {@code /keys/claim} for a user of the
 * other server go to it over federation ({@code /user/devices}, {@code /user/keys/claim}); a
 * device change on one server reaches the other as an {@code m.device_list_update} EDU and shows
 * in {@code /sync} {@code device_lists.changed} and in the next query; an unreachable server
 * lands in {@code failures}. Run once per database by the subclasses.
 */
abstract class FederatedKeysContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract HearthServer hs1();

    abstract HearthServer hs2();

    @BeforeAll
    static void awaitListeners() {
        FederationWireContract.awaitListeners();
    }

    /** Uploads device keys signed by a new identity key (answered), and signed one-time keys K0, K1, …. */
    private static String uploadKeys(Login who, int oneTimeKeys) {
        Ed25519Keys identity = new Ed25519Keys();
        ObjectNode body = JSON.createObjectNode();
        body.set("device_keys", identity.sign(deviceKeys(who, identity), who.userId(), "ed25519:" + who.deviceId()));
        for (int i = 0; i < oneTimeKeys; i++) {
            body.withObjectProperty("one_time_keys").set("signed_curve25519:K" + i,
                    identity.sign(JSON.createObjectNode().put("key", "otk" + i), who.userId(), "ed25519:" + who.deviceId()));
        }
        Reply upload = as(who).post("/_matrix/client/v3/keys/upload", body);
        assertEquals(200, upload.status(), upload.toString());
        return identity.publicKey();
    }

    /** The device's keys, unsigned. */
    private static ObjectNode deviceKeys(Login who, Ed25519Keys identity) {
        ObjectNode deviceKeys = JSON.createObjectNode().put("user_id", who.userId()).put("device_id", who.deviceId());
        deviceKeys.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
        deviceKeys.putObject("keys").put("curve25519:" + who.deviceId(), "curve" + who.deviceId())
                .put("ed25519:" + who.deviceId(), identity.publicKey());
        return deviceKeys;
    }

    private static ObjectNode crossSigningKey(Login owner, String usage, Ed25519Keys key) {
        ObjectNode json = JSON.createObjectNode().put("user_id", owner.userId());
        json.putArray("usage").add(usage);
        json.putObject("keys").put("ed25519:" + key.publicKey(), key.publicKey());
        return json;
    }

    private static String identityKey(JsonNode query, Login of) {
        return query.path("device_keys").path(of.userId()).path(of.deviceId()).path("keys")
                .path("ed25519:" + of.deviceId()).asText();
    }

    private static JsonNode query(Login who, String userId) {
        Reply reply = as(who).post("/_matrix/client/v3/keys/query", Map.of("device_keys", Map.of(userId, List.of())));
        assertEquals(200, reply.status(), reply.toString());
        return reply.json();
    }

    @Test
    void aUserOfTheOtherServerIsQueriedAndClaimedOverFederation() {
        Login alice = register(hs1(), "alice");
        String aliceKey = uploadKeys(alice, 2);
        Login bob = register(hs2(), "bob");

        JsonNode keys = query(bob, alice.userId());
        assertEquals(aliceKey, identityKey(keys, alice), keys.toString());
        assertTrue(keys.path("failures").isEmpty(), keys.toString());

        Reply claim = as(bob).post("/_matrix/client/v3/keys/claim",
                Map.of("one_time_keys", Map.of(alice.userId(), Map.of(alice.deviceId(), "signed_curve25519"))));
        assertEquals(200, claim.status(), claim.toString());
        JsonNode claimed = claim.json().path("one_time_keys").path(alice.userId()).path(alice.deviceId());
        assertEquals("otk0", claimed.path("signed_curve25519:K0").path("key").asText(), claim.toString());
        // handed out once: the next claim gets the other key
        JsonNode again = as(bob).post("/_matrix/client/v3/keys/claim",
                Map.of("one_time_keys", Map.of(alice.userId(), Map.of(alice.deviceId(), "signed_curve25519")))).json();
        assertEquals("otk1", again.path("one_time_keys").path(alice.userId()).path(alice.deviceId())
                .path("signed_curve25519:K1").path("key").asText(), again.toString());
    }

    @Test
    void aDeviceChangeOnOneServerReachesTheSyncAndQueriesOfTheOther() {
        Login alice = register(hs1(), "alice");
        String before = uploadKeys(alice, 0);
        Reply created = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat"));
        String roomId = created.json().path("room_id").asText();
        Login bob = register(hs2(), "bob");
        Reply join = as(bob).post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test", Map.of());
        assertEquals(200, join.status(), join.toString());
        assertEquals(before, identityKey(query(bob, alice.userId()), alice));
        AtomicReference<String> since = new AtomicReference<>(
                as(bob).get("/_matrix/client/v3/sync?timeout=0").json().path("next_batch").asText());

        String after = uploadKeys(alice, 0);

        Await.until("Bob's sync lists Alice's device list as changed", Duration.ofSeconds(30), () -> {
            JsonNode sync = as(bob).get("/_matrix/client/v3/sync?timeout=1000&since=" + enc(since.get())).json();
            since.set(sync.path("next_batch").asText(since.get()));
            for (JsonNode changed : sync.path("device_lists").path("changed")) {
                if (changed.asText().equals(alice.userId())) {
                    return true;
                }
            }
            return false;
        });
        assertEquals(after, identityKey(query(bob, alice.userId()), alice));
    }

    /**
     * While no local user shares a room with Alice, her server sends no updates here, so the list
     * cached before must not be served after a rejoin: Server-Server API, "Device Management".
     */
    @Test
    void aListCachedBeforeTheServerLeftIsFetchedAgainAfterItRejoins() {
        Login alice = register(hs1(), "alice");
        String before = uploadKeys(alice, 0);
        String roomId = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat")).json()
                .path("room_id").asText();
        Login bob = register(hs2(), "bob");
        String join = "/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test";
        assertEquals(200, as(bob).post(join, Map.of()).status());
        assertEquals(before, identityKey(query(bob, alice.userId()), alice));

        assertEquals(200, as(bob).post("/_matrix/client/v3/rooms/" + enc(roomId) + "/leave", Map.of()).status());
        Await.until("hs1 knows Bob left, so Alice's next change is not sent to hs2", Duration.ofSeconds(30), () ->
                "leave".equals(as(alice).get("/_matrix/client/v3/rooms/" + enc(roomId) + "/state/m.room.member/"
                        + enc(bob.userId())).json().path("membership").asText()));
        String after = uploadKeys(alice, 0);
        assertEquals(200, as(bob).post(join, Map.of()).status());

        assertEquals(after, identityKey(query(bob, alice.userId()), alice));
    }

    /**
     * Cross-signing works across servers only if the signatures a user puts on their own keys
     * travel with them ({@code /user/devices}, {@code m.device_list_update}): else every device of
     * a user of another server looks unverified.
     */
    @Test
    void aDeviceCrossSignedOnOneServerIsSeenSignedOnTheOther() {
        Login alice = register(hs1(), "alice");
        Ed25519Keys identity = new Ed25519Keys();
        assertEquals(200, as(alice).post("/_matrix/client/v3/keys/upload", Map.of("device_keys",
                identity.sign(deviceKeys(alice, identity), alice.userId(), "ed25519:" + alice.deviceId()))).status());
        Ed25519Keys master = new Ed25519Keys();
        Ed25519Keys selfSigning = new Ed25519Keys();
        Reply crossSigning = as(alice).post("/_matrix/client/v3/keys/device_signing/upload", Map.of(
                "master_key", crossSigningKey(alice, "master", master),
                "self_signing_key", master.sign(crossSigningKey(alice, "self_signing", selfSigning), alice.userId(),
                        "ed25519:" + master.publicKey())));
        assertEquals(200, crossSigning.status(), crossSigning.toString());
        String roomId = as(alice).post("/_matrix/client/v3/createRoom", Map.of("preset", "public_chat")).json()
                .path("room_id").asText();
        Login bob = register(hs2(), "bob");
        assertEquals(200, as(bob).post("/_matrix/client/v3/join/" + enc(roomId) + "?server_name=hs1.test", Map.of())
                .status());
        JsonNode first = query(bob, alice.userId());
        assertEquals(master.publicKey(), first.path("master_keys").path(alice.userId()).path("keys")
                .path("ed25519:" + master.publicKey()).asText(), first.toString());

        String selfSigningKeyId = "ed25519:" + selfSigning.publicKey();
        ObjectNode signedDevice = selfSigning.sign(identity.sign(deviceKeys(alice, identity), alice.userId(),
                "ed25519:" + alice.deviceId()), alice.userId(), selfSigningKeyId);
        Reply signatures = as(alice).post("/_matrix/client/v3/keys/signatures/upload",
                Map.of(alice.userId(), Map.of(alice.deviceId(), signedDevice)));
        assertEquals(200, signatures.status(), signatures.toString());
        assertTrue(signatures.json().path("failures").isEmpty(), signatures.toString());
        String signature = signedDevice.path("signatures").path(alice.userId()).path(selfSigningKeyId).asText();

        Await.until("Bob's query shows Alice's device signed by her self-signing key", Duration.ofSeconds(30),
                () -> signature.equals(query(bob, alice.userId()).path("device_keys").path(alice.userId())
                        .path(alice.deviceId()).path("signatures").path(alice.userId()).path(selfSigningKeyId).asText()));
        JsonNode after = query(bob, alice.userId());
        assertTrue(after.path("self_signing_keys").path(alice.userId()).path("signatures").path(alice.userId())
                .has("ed25519:" + master.publicKey()), "the self-signing key keeps the master key's signature: " + after);
    }

    @Test
    void aServerThatCannotBeReachedIsInFailures() {
        Login bob = register(hs2(), "bob");
        Reply reply = as(bob).post("/_matrix/client/v3/keys/query",
                Map.of("timeout", 5000, "device_keys", Map.of("@someone:unknown.invalid", List.of())));
        assertEquals(200, reply.status(), reply.toString());
        assertTrue(reply.json().path("failures").has("unknown.invalid"), reply.toString());
        assertFalse(reply.json().path("device_keys").has("@someone:unknown.invalid"), reply.toString());
    }
}
