package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.federation.RemoteServers;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.RemoteDeviceListStore;
import org.hearth.api.spi.storage.RemoteDeviceListStore.RemoteDeviceList;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device lists of users of other servers (Server-Server API, "Device Management"), cached
 * while a local user shares a room with them and kept current by their server's EDUs.
 *
 * <ul>
 *   <li>Not cached: fetched with {@code GET /user/devices/{userId}} (a "resync").</li>
 *   <li>{@code m.device_list_update}: applied when its {@code prev_id} names the cached stream
 *       ID (or is empty); a stream ID at or below the cached one is old news; otherwise an update
 *       went missing and the list is fetched again ("the receiving server must resync").</li>
 *   <li>{@code m.signing_key_update}: replaces the cached master and self-signing keys (fetches
 *       the list of a followed user not cached yet).</li>
 *   <li>Each change is recorded as a device-list change of the remote user, so local users who
 *       share a room with them see it in {@code /sync} and {@code /keys/changes}.</li>
 * </ul>
 *
 * <p>Cached form: {@code {"devices": {id: {"keys": …, "device_display_name": …}}, "master_key": …,
 * "self_signing_key": …}}.
 */
@Component(service = RemoteDeviceLists.class)
public class RemoteDeviceLists {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteDeviceLists.class);
    /** Devices kept of one remote user; a longer list is a bad answer. */
    static final int MAX_DEVICES = 1_000;

    private final RemoteDeviceListStore store;
    private final DeviceLists deviceLists;
    private final RemoteCalls calls;
    private final RemoteDeviceListTracking tracking;

    @Activate
    public RemoteDeviceLists(@Reference RemoteDeviceListStore store, @Reference DeviceLists deviceLists,
                             @Reference RemoteCalls calls, @Reference RemoteDeviceListTracking tracking) {
        this.store = store;
        this.deviceLists = deviceLists;
        this.calls = calls;
        this.tracking = tracking;
    }

    /** The user's list: cached, else fetched from their server (and cached if a local user shares a room with them). */
    ObjectNode devices(RemoteServers remote, UserId user) throws RemoteException {
        Optional<RemoteDeviceList> cached = store.deviceList(user);
        if (cached.isPresent()) {
            return (ObjectNode) Json.stored(cached.get().json());
        }
        return resync(remote, user);
    }

    /** {@code m.device_list_update} from the origin. */
    public void update(RemoteServers remote, ServerName origin, JsonNode content) throws MatrixException {
        UserId user = userOf(origin, content);
        String deviceId = KeyJson.text(content, "device_id", "m.device_list_update");
        Limits.id(deviceId, "device_id");
        if (!content.path("stream_id").canConvertToLong()) {
            throw MatrixException.badJson("m.device_list_update.stream_id must be an integer");
        }
        long streamId = content.path("stream_id").asLong();
        JsonNode prevIds = content.path("prev_id");
        // A cached list is one still followed (RemoteDeviceListTracking forgets the others): only
        // an uncached user needs the question whether a local user shares a room with them.
        Optional<RemoteDeviceList> cached = store.deviceList(user);
        if (cached.isEmpty() && !tracking.tracked(user)) {
            return;
        }
        if (cached.isPresent() && streamId <= cached.get().streamId()) {
            return;
        }
        if (cached.isEmpty() || !follows(prevIds, cached.get().streamId())) {
            calls.background("Device list resync of " + user, () -> resyncQuietly(remote, user));
            return;
        }
        ObjectNode list = (ObjectNode) Json.stored(cached.get().json());
        ObjectNode devices = list.withObjectProperty("devices");
        if (content.path("deleted").asBoolean(false)) {
            devices.remove(deviceId);
        } else {
            ObjectNode device = device(content.get("keys"), content.get("device_display_name"));
            Limits.size(device, Limits.KEY_OBJECT_BYTES * 2, "The device");
            devices.set(deviceId, device);
            if (devices.size() > MAX_DEVICES) {
                throw MatrixException.invalidParam(user + " has more than " + MAX_DEVICES + " devices");
            }
        }
        put(user, streamId, list);
    }

    /**
     * {@code m.signing_key_update} from the origin: a cached list takes the new keys; the list of a
     * followed user not cached yet is fetched (which records the change, so that local users who
     * share a room with them query their keys again).
     */
    public void signingKeys(RemoteServers remote, ServerName origin, JsonNode content) throws MatrixException {
        UserId user = userOf(origin, content);
        Optional<RemoteDeviceList> cached = store.deviceList(user);
        if (cached.isEmpty()) {
            if (tracking.tracked(user)) {
                calls.background("Device list resync of " + user, () -> resyncQuietly(remote, user));
            }
            return;
        }
        ObjectNode list = (ObjectNode) Json.stored(cached.get().json());
        for (String field : List.of("master_key", "self_signing_key")) {
            JsonNode key = content.get(field);
            if (key != null && key.isObject()) {
                Limits.size(key, Limits.KEY_OBJECT_BYTES, field);
                list.set(field, key);
            }
        }
        put(user, cached.get().streamId(), list);
    }

    private static UserId userOf(ServerName origin, JsonNode content) throws MatrixException {
        Optional<UserId> user = UserId.parse(content.path("user_id").asText(""));
        if (user.isEmpty() || !user.get().server().equals(origin)) {
            throw MatrixException.badJson("user_id must be a user of " + origin);
        }
        return user.get();
    }

    /** Whether the update's prev_id continues from the cached stream ID (none given: it does). */
    private static boolean follows(JsonNode prevIds, long cachedStreamId) {
        if (!prevIds.isArray() || prevIds.isEmpty()) {
            return true;
        }
        for (JsonNode prev : prevIds) {
            if (prev.canConvertToLong() && prev.asLong() == cachedStreamId) {
                return true;
            }
        }
        return false;
    }

    private void resyncQuietly(RemoteServers remote, UserId user) {
        try {
            resync(remote, user);
        } catch (RemoteException e) {
            LOG.info("Device list of {} not fetched: {}", user, e.getMessage());
        }
    }

    private ObjectNode resync(RemoteServers remote, UserId user) throws RemoteException {
        if (remote == null) {
            throw new RemoteException(RemoteException.Kind.UNREACHABLE, 0, null, "This server does not federate");
        }
        JsonNode answer = remote.request(user.server(), "GET", "/_matrix/federation/v1/user/devices/"
                + URLEncoder.encode(user.toString(), StandardCharsets.UTF_8).replace("+", "%20"), null, null);
        ObjectNode list;
        long streamId;
        try {
            if (!user.toString().equals(answer.path("user_id").asText()) || !answer.path("stream_id").canConvertToLong()
                    || !answer.path("devices").isArray() || answer.path("devices").size() > MAX_DEVICES) {
                throw MatrixException.badJson("not the device list of " + user);
            }
            streamId = answer.path("stream_id").asLong();
            list = JsonNodeFactory.instance.objectNode();
            ObjectNode devices = list.putObject("devices");
            for (JsonNode device : answer.path("devices")) {
                String deviceId = KeyJson.text(device, "device_id", "devices[]");
                Limits.id(deviceId, "device_id");
                ObjectNode entry = device(device.get("keys"), device.get("device_display_name"));
                Limits.size(entry, Limits.KEY_OBJECT_BYTES * 2, "The device " + deviceId);
                devices.set(deviceId, entry);
            }
            for (String field : List.of("master_key", "self_signing_key")) {
                JsonNode key = answer.get(field);
                if (key != null && key.isObject()) {
                    Limits.size(key, Limits.KEY_OBJECT_BYTES, field);
                    list.set(field, key);
                }
            }
        } catch (MatrixException e) {
            throw new RemoteException(RemoteException.Kind.BAD_RESPONSE, 0, null,
                    user.server() + " answered a bad device list: " + e.getMessage());
        }
        if (tracking.tracked(user)) {
            put(user, streamId, list);
        }
        return list;
    }

    private static ObjectNode device(JsonNode keys, JsonNode displayName) {
        ObjectNode device = JsonNodeFactory.instance.objectNode();
        if (keys != null && keys.isObject()) {
            device.set("keys", keys);
        }
        if (displayName != null && displayName.isTextual()) {
            device.put("device_display_name", displayName.textValue());
        }
        return device;
    }

    private void put(UserId user, long streamId, ObjectNode list) {
        store.putDeviceList(user, streamId, Json.write(list));
        deviceLists.changed(user);
    }
}
