package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.CrossSigningStore;
import org.hearth.api.spi.storage.CrossSigningStore.CrossSigningKey;
import org.hearth.api.spi.storage.CrossSigningStore.Signature;
import org.hearth.api.spi.storage.DeviceKeyStore;
import org.hearth.api.spi.storage.DeviceKeyStore.DeviceKeys;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /keys/query} (Client-Server API): the devices and keys of the users asked for.
 *
 * <ul>
 *   <li>{@code device_keys}: every local user asked for is there, with the devices that uploaded
 *       keys (all, or those listed), each as uploaded plus the signatures others uploaded for it
 *       and {@code unsigned.device_display_name} when the device has a name.</li>
 *   <li>{@code master_keys}, {@code self_signing_keys}: with the signatures made by their owner
 *       or by the requester (a user-signing signature is for its signer's eyes only);
 *       {@code user_signing_keys} only for the requester themselves.</li>
 *   <li>Users of other servers: their server in {@code failures} (no federation).</li>
 * </ul>
 */
@Component(service = KeyQueries.class)
public class KeyQueries {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final DeviceKeyStore deviceKeys;
    private final CrossSigningStore crossSigning;
    private final LocalServer server;

    @Activate
    public KeyQueries(@Reference DeviceKeyStore deviceKeys, @Reference CrossSigningStore crossSigning,
                      @Reference LocalServer server) {
        this.deviceKeys = deviceKeys;
        this.crossSigning = crossSigning;
        this.server = server;
    }

    public ObjectNode query(UserId requester, JsonNode body) throws MatrixException {
        ObjectNode asked = KeyJson.object(body.get("device_keys"), "device_keys");
        Limits.count(asked.size(), Limits.QUERY_USERS, "users");
        ObjectNode out = F.objectNode();
        ObjectNode failures = out.putObject("failures");
        ObjectNode devicesOut = out.putObject("device_keys");
        Map<UserId, List<String>> local = new LinkedHashMap<>();
        int devices = 0;
        for (Map.Entry<String, JsonNode> entry : asked.properties()) {
            UserId user = UserId.parse(entry.getKey())
                    .orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + entry.getKey()));
            List<String> deviceIds = deviceIds(entry.getValue(), entry.getKey());
            devices += deviceIds.size();
            Limits.count(devices, Limits.QUERY_DEVICES, "devices");
            if (server.isLocal(user)) {
                local.put(user, deviceIds);
                devicesOut.putObject(user.toString());
            } else {
                RemoteServers.unreachable(failures, user.server());
            }
        }
        if (local.isEmpty()) {
            return out;
        }
        Signatures signatures = new Signatures(crossSigning.signatures(local.keySet(), requester));
        for (DeviceKeys device : deviceKeys.deviceKeys(local)) {
            ObjectNode keys = (ObjectNode) Json.stored(device.keysJson());
            signatures.addTo(keys, device.userId(), device.deviceId());
            ObjectNode unsigned = keys.putObject("unsigned");
            if (device.displayName() != null) {
                unsigned.put("device_display_name", device.displayName());
            }
            ((ObjectNode) devicesOut.get(device.userId().toString())).set(device.deviceId(), keys);
        }
        Map<UserId, Map<String, CrossSigningKey>> crossKeys = crossSigning.keys(local.keySet());
        ObjectNode master = out.putObject("master_keys");
        ObjectNode selfSigning = out.putObject("self_signing_keys");
        ObjectNode userSigning = out.putObject("user_signing_keys");
        crossKeys.forEach((user, byUsage) -> {
            put(master, user, byUsage.get(CrossSigningStore.MASTER), signatures);
            put(selfSigning, user, byUsage.get(CrossSigningStore.SELF_SIGNING), signatures);
            if (user.equals(requester)) {
                put(userSigning, user, byUsage.get(CrossSigningStore.USER_SIGNING), signatures);
            }
        });
        return out;
    }

    private static List<String> deviceIds(JsonNode value, String user) throws MatrixException {
        if (!value.isArray()) {
            throw MatrixException.badJson("device_keys." + user + " must be a list of device IDs");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : value) {
            if (!id.isTextual()) {
                throw MatrixException.badJson("device_keys." + user + " must be a list of device IDs");
            }
            ids.add(id.textValue());
        }
        return ids;
    }

    private static void put(ObjectNode section, UserId user, CrossSigningKey key, Signatures signatures) {
        if (key != null) {
            ObjectNode json = (ObjectNode) Json.stored(key.keyJson());
            signatures.addTo(json, user, key.publicKey());
            section.set(user.toString(), json);
        }
    }

    /** Signatures uploaded for keys, added to the {@code signatures} of the key they sign. */
    private static final class Signatures {
        private final Map<List<Object>, List<Signature>> byTarget = new HashMap<>();

        Signatures(List<Signature> all) {
            all.forEach(s -> byTarget.computeIfAbsent(List.of(s.target(), s.targetKeyId()), k -> new ArrayList<>()).add(s));
        }

        void addTo(ObjectNode key, UserId owner, String keyId) {
            for (Signature s : byTarget.getOrDefault(List.of(owner, keyId), List.of())) {
                key.withObjectProperty("signatures").withObjectProperty(s.signer().toString())
                        .put(s.signerKeyId(), s.signature());
            }
        }
    }
}
