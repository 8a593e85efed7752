package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.CrossSigningStore;
import org.hearth.api.spi.storage.CrossSigningStore.CrossSigningKey;
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.DeviceKeyStore;
import org.hearth.api.spi.storage.DeviceKeyStore.DeviceKeys;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.core.internal.rooms.FederationLink;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Local users' device lists as other servers see them (Server-Server API, "Device Management"):
 * {@code m.device_list_update} for each changed device and {@code m.signing_key_update} for new
 * cross-signing keys, queued for every server that shares a room with the user, and the answer
 * to {@code GET /user/devices/{userId}}.
 *
 * <p>Stream IDs: one sequence per user, each ID the previous update's {@code prev_id}, so a
 * receiver notices a gap. IDs come from the clock in microseconds (and stay above the last one
 * handed out), so they grow across restarts without a table; after a restart the first update
 * names no {@code prev_id}, which receivers accept as continuing their copy (the updates are
 * delivered durably by the federation queue, none is lost).
 */
@Component(service = DeviceListUpdates.class)
public class DeviceListUpdates {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final FederationLink link;
    private final DeviceStore devices;
    private final DeviceKeyStore deviceKeys;
    private final CrossSigningStore crossSigning;
    private final LocalServer server;
    private final Clock clock;
    /** The last stream ID handed out per user (sent, or answered in /user/devices). */
    private final Map<UserId, Long> lastStreamIds = new ConcurrentHashMap<>();

    @Activate
    public DeviceListUpdates(@Reference FederationLink link, @Reference DeviceStore devices,
                             @Reference DeviceKeyStore deviceKeys, @Reference CrossSigningStore crossSigning,
                             @Reference LocalServer server, @Reference Clock clock) {
        this.link = link;
        this.devices = devices;
        this.deviceKeys = deviceKeys;
        this.crossSigning = crossSigning;
        this.server = server;
        this.clock = clock;
    }

    /** The devices were created, changed or deleted: one {@code m.device_list_update} each. */
    void devicesChanged(UserId user, Collection<String> deviceIds) {
        if (link.remote() == null) {
            return;
        }
        Map<String, DeviceKeys> keys = new HashMap<>();
        deviceKeys.deviceKeys(Map.of(user, List.copyOf(deviceIds))).forEach(k -> keys.put(k.deviceId(), k));
        KeySignatures signatures = ownSignatures(user);
        for (String deviceId : deviceIds) {
            Optional<Device> device = devices.device(user, deviceId);
            ObjectNode content = F.objectNode().put("user_id", user.toString()).put("device_id", deviceId);
            long[] ids = nextStreamId(user);
            content.put("stream_id", ids[1]);
            if (ids[0] > 0) {
                content.putArray("prev_id").add(ids[0]);
            } else {
                content.putArray("prev_id");
            }
            if (device.isEmpty()) {
                content.put("deleted", true);
            } else {
                if (device.get().displayName() != null) {
                    content.put("device_display_name", device.get().displayName());
                }
                DeviceKeys deviceKey = keys.get(deviceId);
                if (deviceKey != null) {
                    content.set("keys", signed(deviceKey.keysJson(), signatures, user, deviceId));
                }
            }
            link.sendToServersSharingRoomWith(user, "m.device_list_update", content);
        }
    }

    /** The user's master or self-signing key changed: {@code m.signing_key_update}. */
    void signingKeysChanged(UserId user) {
        if (link.remote() == null) {
            return;
        }
        ObjectNode content = F.objectNode().put("user_id", user.toString());
        addCrossSigningKeys(content, user, ownSignatures(user));
        link.sendToServersSharingRoomWith(user, "m.signing_key_update", content);
    }

    /**
     * {@code GET /_matrix/federation/v1/user/devices/{userId}}: the user's devices with their keys
     * and names, master and self-signing keys, and the stream ID the next update follows.
     */
    public JsonNode userDevices(UserId user) throws MatrixException {
        if (!server.isLocal(user)) {
            throw MatrixException.invalidParam("User " + user + " is not of this server");
        }
        ObjectNode answer = F.objectNode().put("user_id", user.toString());
        answer.put("stream_id", lastStreamIds.computeIfAbsent(user, u -> clock.millis() * 1000));
        Map<String, DeviceKeys> keys = new HashMap<>();
        deviceKeys.deviceKeys(Map.of(user, List.of())).forEach(k -> keys.put(k.deviceId(), k));
        KeySignatures signatures = ownSignatures(user);
        ArrayNode list = answer.putArray("devices");
        for (Device device : devices.devices(user)) {
            ObjectNode entry = list.addObject().put("device_id", device.deviceId());
            DeviceKeys deviceKey = keys.get(device.deviceId());
            entry.set("keys", deviceKey != null ? signed(deviceKey.keysJson(), signatures, user, device.deviceId())
                    : F.objectNode());
            if (device.displayName() != null) {
                entry.put("device_display_name", device.displayName());
            }
        }
        addCrossSigningKeys(answer, user, signatures);
        return answer;
    }

    /** The signatures the user made over their own keys: what other servers may see (never those over other users' keys). */
    private KeySignatures ownSignatures(UserId user) {
        return new KeySignatures(crossSigning.signatures(List.of(user), user));
    }

    private static ObjectNode signed(String keyJson, KeySignatures signatures, UserId owner, String keyId) {
        ObjectNode key = (ObjectNode) Json.stored(keyJson);
        signatures.addTo(key, owner, keyId);
        return key;
    }

    /** The user's master and self-signing keys (never the user-signing key: it is private to them). */
    private void addCrossSigningKeys(ObjectNode into, UserId user, KeySignatures signatures) {
        Map<String, CrossSigningKey> keys = crossSigning.keys(List.of(user)).getOrDefault(user, Map.of());
        for (Map.Entry<String, String> field : Map.of(CrossSigningStore.MASTER, "master_key",
                CrossSigningStore.SELF_SIGNING, "self_signing_key").entrySet()) {
            CrossSigningKey key = keys.get(field.getKey());
            if (key != null) {
                into.set(field.getValue(), signed(key.keyJson(), signatures, user, key.publicKey()));
            }
        }
    }

    /** {previous stream ID or 0, new stream ID}. */
    private long[] nextStreamId(UserId user) {
        long[] ids = new long[2];
        lastStreamIds.compute(user, (u, last) -> {
            ids[0] = last == null ? 0 : last;
            ids[1] = Math.max(clock.millis() * 1000, ids[0] + 1);
            return ids[1];
        });
        return ids;
    }
}
