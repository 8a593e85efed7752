package org.hearth.itest.e2ee;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.hearth.testkit.Accounts.Login;
import org.hearth.testkit.Ed25519Keys;
import org.hearth.testkit.Reply;

/** A logged-in device with its own Ed25519 identity key, talking the end-to-end encryption API. */
final class E2eeClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TXN = new AtomicInteger();

    final Login login;
    final Ed25519Keys identity = new Ed25519Keys();

    E2eeClient(Login login) {
        this.login = login;
    }

    String userId() {
        return login.userId();
    }

    String deviceId() {
        return login.deviceId();
    }

    /** The device keys a client uploads, signed by the device's own key. */
    ObjectNode deviceKeys() {
        ObjectNode keys = JSON.createObjectNode();
        keys.put("user_id", userId()).put("device_id", deviceId());
        keys.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
        keys.putObject("keys").put("curve25519:" + deviceId(), "curve" + deviceId())
                .put("ed25519:" + deviceId(), identity.publicKey());
        return identity.sign(keys, userId(), "ed25519:" + deviceId());
    }

    /** A signed_curve25519 one-time or fallback key, signed by the device. */
    ObjectNode signedKey(String key, boolean fallback) {
        ObjectNode json = JSON.createObjectNode().put("key", key);
        if (fallback) {
            json.put("fallback", true);
        }
        return identity.sign(json, userId(), "ed25519:" + deviceId());
    }

    Reply upload(Object body) {
        return login.http().post("/_matrix/client/v3/keys/upload", body);
    }

    JsonNode uploadOk(Object body) {
        Reply reply = upload(body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    Reply query(Map<String, List<String>> deviceKeys) {
        return login.http().post("/_matrix/client/v3/keys/query", Map.of("device_keys", deviceKeys));
    }

    JsonNode queryOk(Map<String, List<String>> deviceKeys) {
        Reply reply = query(deviceKeys);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    Reply claim(Map<String, Map<String, String>> oneTimeKeys) {
        return login.http().post("/_matrix/client/v3/keys/claim", Map.of("one_time_keys", oneTimeKeys));
    }

    Reply sendToDevice(String type, String txnId, Map<String, Map<String, Object>> messages) {
        return login.http().put("/_matrix/client/v3/sendToDevice/" + type + "/" + txnId, Map.of("messages", messages));
    }

    Reply sendToDevice(String type, Map<String, Map<String, Object>> messages) {
        return sendToDevice(type, "t" + TXN.incrementAndGet(), messages);
    }

    JsonNode sync(String since) {
        return sync(since, 0);
    }

    JsonNode sync(String since, int timeoutMs) {
        Reply reply = login.http().get("/_matrix/client/v3/sync?timeout=" + timeoutMs + (since == null ? "" : "&since=" + since));
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    String createRoom(Object body) {
        Reply reply = login.http().post("/_matrix/client/v3/createRoom", body);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().get("room_id").asText();
    }

    void join(String roomId) {
        Reply reply = login.http().post("/_matrix/client/v3/join/" + roomId, Map.of());
        assertEquals(200, reply.status(), reply.text());
    }

    void invite(String roomId, E2eeClient invitee) {
        Reply reply = login.http().post("/_matrix/client/v3/rooms/" + roomId + "/invite",
                Map.of("user_id", invitee.userId()));
        assertEquals(200, reply.status(), reply.text());
    }

    void leave(String roomId) {
        Reply reply = login.http().post("/_matrix/client/v3/rooms/" + roomId + "/leave", Map.of());
        assertEquals(200, reply.status(), reply.text());
    }
}
