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
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.CrossSigningStore;
import org.hearth.api.spi.storage.CrossSigningStore.CrossSigningKey;
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
 *   <li>Users of other servers: from their cached device lists ({@link RemoteDeviceLists}), or
 *       their server's answer; a server that fails or does not answer within {@code timeout}
 *       goes into {@code failures}.</li>
 * </ul>
 */
@Component(service = KeyQueries.class)
public class KeyQueries {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final DeviceKeyStore deviceKeys;
    private final CrossSigningStore crossSigning;
    private final LocalServer server;
    private final RemoteCalls calls;
    private final RemoteDeviceLists remoteLists;

    @Activate
    public KeyQueries(@Reference DeviceKeyStore deviceKeys, @Reference CrossSigningStore crossSigning,
                      @Reference LocalServer server, @Reference RemoteCalls calls,
                      @Reference RemoteDeviceLists remoteLists) {
        this.deviceKeys = deviceKeys;
        this.crossSigning = crossSigning;
        this.server = server;
        this.calls = calls;
        this.remoteLists = remoteLists;
    }

    public ObjectNode query(UserId requester, JsonNode body) throws MatrixException {
        ObjectNode out = F.objectNode();
        ObjectNode failures = out.putObject("failures");
        out.putObject("device_keys");
        out.putObject("master_keys");
        out.putObject("self_signing_keys");
        out.putObject("user_signing_keys");
        Map<UserId, List<String>> local = new LinkedHashMap<>();
        Map<ServerName, Map<UserId, List<String>>> remote = new LinkedHashMap<>();
        asked(body).forEach((user, deviceIds) -> {
            if (server.isLocal(user)) {
                local.put(user, deviceIds);
            } else {
                remote.computeIfAbsent(user.server(), s -> new LinkedHashMap<>()).put(user, deviceIds);
            }
        });
        addLocal(out, local, requester);
        Map<ServerName, JsonNode> answers = calls.each(remote.keySet(), RemoteCalls.timeout(body),
                (servers, server) -> lists(servers, remote.get(server)), failures);
        answers.forEach((server, lists) -> addRemote(out, remote.get(server), lists));
        return out;
    }

    /**
     * {@code POST /_matrix/federation/v1/user/keys/query} (Server-Server API, "End-to-End
     * Encryption"): the keys of the local users asked for, with their master and self-signing
     * keys; users of other servers are not this server's to answer for.
     */
    public ObjectNode federationQuery(JsonNode body) throws MatrixException {
        Map<UserId, List<String>> local = new LinkedHashMap<>(asked(body));
        local.keySet().removeIf(user -> !server.isLocal(user));
        ObjectNode out = F.objectNode();
        out.putObject("device_keys");
        out.putObject("master_keys");
        out.putObject("self_signing_keys");
        addLocal(out, local, null);
        return out;
    }

    private static Map<UserId, List<String>> asked(JsonNode body) throws MatrixException {
        ObjectNode asked = KeyJson.object(body.get("device_keys"), "device_keys");
        Limits.count(asked.size(), Limits.QUERY_USERS, "users");
        Map<UserId, List<String>> users = new LinkedHashMap<>();
        int devices = 0;
        for (Map.Entry<String, JsonNode> entry : asked.properties()) {
            UserId user = UserId.parse(entry.getKey())
                    .orElseThrow(() -> MatrixException.invalidParam("Invalid user ID " + entry.getKey()));
            List<String> deviceIds = deviceIds(entry.getValue(), entry.getKey());
            devices += deviceIds.size();
            Limits.count(devices, Limits.QUERY_DEVICES, "devices");
            users.put(user, deviceIds);
        }
        return users;
    }

    /** The device lists of one server's users, cached or fetched. */
    private JsonNode lists(RemoteServers remote, Map<UserId, List<String>> users) throws RemoteException {
        ObjectNode lists = F.objectNode();
        for (UserId user : users.keySet()) {
            lists.set(user.toString(), remoteLists.devices(remote, user));
        }
        return lists;
    }

    private static void addRemote(ObjectNode out, Map<UserId, List<String>> asked, JsonNode lists) {
        asked.forEach((user, deviceIds) -> {
            JsonNode list = lists.path(user.toString());
            ObjectNode devicesOut = out.withObjectProperty("device_keys").putObject(user.toString());
            list.path("devices").properties().forEach(device -> {
                JsonNode keys = device.getValue().get("keys");
                if (keys != null && keys.isObject() && (deviceIds.isEmpty() || deviceIds.contains(device.getKey()))) {
                    ObjectNode copy = ((ObjectNode) keys).deepCopy();
                    ObjectNode unsigned = copy.putObject("unsigned");
                    if (device.getValue().path("device_display_name").isTextual()) {
                        unsigned.set("device_display_name", device.getValue().get("device_display_name"));
                    }
                    devicesOut.set(device.getKey(), copy);
                }
            });
            if (list.path("master_key").isObject()) {
                out.withObjectProperty("master_keys").set(user.toString(), list.get("master_key"));
            }
            if (list.path("self_signing_key").isObject()) {
                out.withObjectProperty("self_signing_keys").set(user.toString(), list.get("self_signing_key"));
            }
        });
    }

    /** The local users' devices and cross-signing keys; the user-signing key only for the requester themselves. */
    private void addLocal(ObjectNode out, Map<UserId, List<String>> local, UserId requester) {
        if (local.isEmpty()) {
            return;
        }
        ObjectNode devicesOut = out.withObjectProperty("device_keys");
        local.keySet().forEach(user -> devicesOut.putObject(user.toString()));
        KeySignatures signatures = new KeySignatures(crossSigning.signatures(local.keySet(), requester));
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
        ObjectNode master = out.withObjectProperty("master_keys");
        ObjectNode selfSigning = out.withObjectProperty("self_signing_keys");
        crossKeys.forEach((user, byUsage) -> {
            put(master, user, byUsage.get(CrossSigningStore.MASTER), signatures);
            put(selfSigning, user, byUsage.get(CrossSigningStore.SELF_SIGNING), signatures);
            if (user.equals(requester)) {
                put(out.withObjectProperty("user_signing_keys"), user, byUsage.get(CrossSigningStore.USER_SIGNING),
                        signatures);
            }
        });
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

    private static void put(ObjectNode section, UserId user, CrossSigningKey key, KeySignatures signatures) {
        if (key != null) {
            ObjectNode json = (ObjectNode) Json.stored(key.keyJson());
            signatures.addTo(json, user, key.publicKey());
            section.set(user.toString(), json);
        }
    }
}
