package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceKeyStore;
import org.hearth.api.spi.storage.OneTimeKeyStore;
import org.hearth.api.spi.storage.OneTimeKeyStore.OneTimeKey;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /keys/upload} (Client-Server API, "Uploading keys"): a device publishes its
 * identity keys, one-time keys and fallback keys.
 *
 * <ul>
 *   <li>Device keys must name the uploading user and device, list algorithms and keys, and be
 *       signed by the device's own Ed25519 key ({@code ed25519:<device_id>}); the check can be
 *       turned off for test suites ({@link EncryptionSettings}). New keys are a device-list change.</li>
 *   <li>A one-time key ID the device holds already must come with the same key (an upload that
 *       is retried), else the upload is refused; {@code <algorithm>:<key_id>} IDs only.</li>
 *   <li>At most one fallback key per algorithm; it replaces the one stored.</li>
 *   <li>Nothing is stored unless the whole request is valid.</li>
 * </ul>
 */
@Component(service = KeyUploads.class)
public class KeyUploads {
    /** Counted even when none are left: clients tell "none" from "not reported" by it (as Synapse does). */
    static final String SIGNED_CURVE25519 = "signed_curve25519";

    private final DeviceKeyStore deviceKeys;
    private final OneTimeKeyStore oneTimeKeys;
    private final DeviceLists deviceLists;
    private final EncryptionSettings settings;

    @Activate
    public KeyUploads(@Reference DeviceKeyStore deviceKeys, @Reference OneTimeKeyStore oneTimeKeys,
                      @Reference DeviceLists deviceLists, @Reference EncryptionSettings settings) {
        this.deviceKeys = deviceKeys;
        this.oneTimeKeys = oneTimeKeys;
        this.deviceLists = deviceLists;
        this.settings = settings;
    }

    /** Uploads what the body holds; returns the device's one-time key counts afterwards. */
    public Map<String, Integer> upload(UserId user, DeviceId device, JsonNode body) throws MatrixException {
        String deviceId = device.value();
        Optional<ObjectNode> identity = body.hasNonNull("device_keys")
                ? Optional.of(deviceKeys(user, deviceId, body.get("device_keys"))) : Optional.empty();
        List<OneTimeKey> oneTime = keys(KeyJson.optionalObject(body, "one_time_keys", "one_time_keys"),
                "one_time_keys", Limits.ONE_TIME_KEYS_PER_UPLOAD);
        List<OneTimeKey> fallback = keys(KeyJson.optionalObject(body, "fallback_keys", "fallback_keys"),
                "fallback_keys", Limits.FALLBACK_KEYS_PER_UPLOAD);
        if (fallback.stream().map(OneTimeKey::algorithm).distinct().count() < fallback.size()) {
            throw MatrixException.invalidParam("fallback_keys may hold one key per algorithm");
        }
        List<OneTimeKey> newOneTime = newOneTimeKeys(user, deviceId, oneTime);

        if (identity.isPresent()) {
            String json = Json.write(identity.get());
            if (!deviceKeys.deviceKeys(user, deviceId).map(json::equals).orElse(false)) {
                if (!deviceKeys.putDeviceKeys(user, deviceId, json)) {
                    throw MatrixException.notFound("Unknown device " + deviceId);
                }
                deviceLists.devicesChanged(user, List.of(deviceId));
            }
        }
        if (!newOneTime.isEmpty()) {
            oneTimeKeys.addOneTimeKeys(user, deviceId, newOneTime);
        }
        for (OneTimeKey key : fallback) {
            oneTimeKeys.putFallbackKey(user, deviceId, key.algorithm(), key.keyId(), key.keyJson());
        }
        return counts(user, deviceId);
    }

    /** The device's unclaimed one-time keys per algorithm, {@value #SIGNED_CURVE25519} always among them. */
    public Map<String, Integer> counts(UserId user, String deviceId) {
        Map<String, Integer> counts = new LinkedHashMap<>(oneTimeKeys.oneTimeKeyCounts(user, deviceId));
        counts.putIfAbsent(SIGNED_CURVE25519, 0);
        return counts;
    }

    private ObjectNode deviceKeys(UserId user, String deviceId, JsonNode value) throws MatrixException {
        ObjectNode keys = KeyJson.object(value, "device_keys").deepCopy();
        keys.remove("unsigned"); // the server adds its own when it answers /keys/query
        Limits.size(keys, Limits.KEY_OBJECT_BYTES, "device_keys");
        if (!user.toString().equals(KeyJson.text(keys, "user_id", "device_keys"))
                || !deviceId.equals(KeyJson.text(keys, "device_id", "device_keys"))) {
            throw MatrixException.forbidden("device_keys must be those of this user and device");
        }
        JsonNode algorithms = keys.get("algorithms");
        if (algorithms == null || !algorithms.isArray() || !allText(algorithms)) {
            throw MatrixException.badJson("device_keys.algorithms must be a list of strings");
        }
        ObjectNode keyMap = KeyJson.object(keys.get("keys"), "device_keys.keys");
        if (!allText(keyMap)) {
            throw MatrixException.badJson("device_keys.keys values must be strings");
        }
        KeyJson.object(keys.get("signatures"), "device_keys.signatures");
        KeyJson.checkSignatures(keys, "device_keys");
        if (settings.verifyDeviceKeys()) {
            String keyId = KeyJson.ED25519 + deviceId;
            JsonNode publicKey = keyMap.get(keyId);
            if (publicKey == null || !KeyJson.signedBy(keys, user, keyId, publicKey.asText())) {
                throw new MatrixException(400, "M_INVALID_SIGNATURE",
                        "device_keys must be signed by the device's own key " + keyId);
            }
        }
        return keys;
    }

    /** One-time or fallback keys: {@code <algorithm>:<key_id>} → a string or a signed object. */
    private static List<OneTimeKey> keys(ObjectNode keys, String what, int max) throws MatrixException {
        Limits.count(keys.size(), max, what);
        List<OneTimeKey> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : keys.properties()) {
            String keyId = entry.getKey();
            int colon = keyId.indexOf(':');
            Limits.id(keyId, what + " key ID");
            if (colon <= 0 || colon == keyId.length() - 1) {
                throw MatrixException.invalidParam(what + " key IDs have the form <algorithm>:<key_id>: " + keyId);
            }
            JsonNode key = entry.getValue();
            if (!key.isTextual() && !key.isObject()) {
                throw MatrixException.badJson(what + "." + keyId + " must be a string or a key object");
            }
            Limits.size(key, Limits.KEY_BYTES, what + "." + keyId);
            if (key.isObject()) {
                KeyJson.checkSignatures(key, what + "." + keyId);
            }
            out.add(new OneTimeKey(keyId.substring(0, colon), keyId, Json.write(key)));
        }
        return out;
    }

    /** The keys not held yet; 400 when an ID held comes with another key, or the device would hold too many. */
    private List<OneTimeKey> newOneTimeKeys(UserId user, String deviceId, List<OneTimeKey> keys) throws MatrixException {
        if (keys.isEmpty()) {
            return keys;
        }
        Map<String, String> held = oneTimeKeys.oneTimeKeys(user, deviceId, keys.stream().map(OneTimeKey::keyId).toList());
        List<OneTimeKey> fresh = new ArrayList<>();
        for (OneTimeKey key : keys) {
            String stored = held.get(key.keyId());
            if (stored == null) {
                fresh.add(key);
            } else if (!Json.stored(stored).equals(Json.stored(key.keyJson()))) {
                throw MatrixException.invalidParam("One-time key " + key.keyId() + " already exists with another key");
            }
        }
        int heldNow = oneTimeKeys.oneTimeKeyCounts(user, deviceId).values().stream().mapToInt(Integer::intValue).sum();
        if (heldNow + fresh.size() > Limits.ONE_TIME_KEYS_PER_DEVICE) {
            throw MatrixException.invalidParam("A device holds at most " + Limits.ONE_TIME_KEYS_PER_DEVICE
                    + " one-time keys; claim or replace some first");
        }
        return fresh;
    }

    private static boolean allText(JsonNode container) {
        for (JsonNode item : container) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }
}
