package org.hearth.core.internal.e2ee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.http.Bodies;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.KeyBackupStore.KeyPreference;
import org.hearth.api.spi.storage.KeyBackupStore.RoomKey;
import org.hearth.api.spi.storage.KeyBackupStore.Version;
import org.hearth.api.spi.storage.KeyBackupStore;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Server-side key backups (Client-Server API, "Server-side key backups"): {@code /room_keys/version}
 * and {@code /room_keys/keys}.
 *
 * <ul>
 *   <li>No backup, or an unknown or deleted version: 404 {@code M_NOT_FOUND} (clients read it
 *       as "no backup"). Deleting a version deleted before succeeds.</li>
 *   <li>Keys are written only to the current version: another is 403
 *       {@code M_WRONG_ROOM_KEYS_VERSION} with {@code current_version}.</li>
 *   <li>A key for a session that has one replaces it only if better: verified over not
 *       verified, then the lower {@code first_message_index}, then the lower
 *       {@code forwarded_count} ({@link #BETTER}).</li>
 *   <li>{@code session_data} and {@code auth_data} are opaque, bounded in size.</li>
 * </ul>
 */
@Component(service = KeyBackups.class)
public class KeyBackups {
    /** The spec's replacement rules for a session's key. */
    static final KeyPreference BETTER = (stored, uploaded) -> {
        if (stored.verified() != uploaded.verified()) {
            return uploaded.verified();
        }
        if (stored.firstMessageIndex() != uploaded.firstMessageIndex()) {
            return uploaded.firstMessageIndex() < stored.firstMessageIndex();
        }
        return uploaded.forwardedCount() < stored.forwardedCount();
    };
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final KeyBackupStore store;

    @Activate
    public KeyBackups(@Reference KeyBackupStore store) {
        this.store = store;
    }

    /** POST /room_keys/version: {@code {"version": "<n>"}}. */
    public ObjectNode create(UserId user, JsonNode body) throws MatrixException {
        String algorithm = Bodies.requiredString(body, "algorithm");
        Limits.id(algorithm, "algorithm");
        long version = store.createVersion(user, algorithm, authData(body));
        return F.objectNode().put("version", Long.toString(version));
    }

    /** GET /room_keys/version[/{version}]: the current or the given version. */
    public ObjectNode info(UserId user, Optional<String> version) throws MatrixException {
        Optional<Version> found = version.isEmpty() ? store.currentVersion(user)
                : number(version.get()).flatMap(v -> store.version(user, v));
        Version v = found.orElseThrow(() -> MatrixException.notFound(version.isEmpty() ? "No current backup version"
                : "Unknown backup version"));
        ObjectNode out = F.objectNode();
        out.put("algorithm", v.algorithm());
        out.set("auth_data", Json.stored(v.authDataJson()));
        out.put("count", v.count());
        out.put("etag", Long.toString(v.etag()));
        out.put("version", Long.toString(v.version()));
        return out;
    }

    /** PUT /room_keys/version/{version}: only {@code auth_data} changes. */
    public void update(UserId user, String version, JsonNode body) throws MatrixException {
        Version v = number(version).flatMap(n -> store.version(user, n))
                .orElseThrow(() -> MatrixException.notFound("Unknown backup version"));
        String algorithm = Bodies.requiredString(body, "algorithm");
        if (!algorithm.equals(v.algorithm())) {
            throw MatrixException.invalidParam("The algorithm of a backup cannot change");
        }
        String bodyVersion = Bodies.string(body, "version");
        if (bodyVersion != null && !bodyVersion.equals(version)) {
            throw MatrixException.invalidParam("The version in the body differs from the one in the path");
        }
        if (!store.updateVersion(user, v.version(), authData(body))) {
            throw MatrixException.notFound("Unknown backup version");
        }
    }

    /** DELETE /room_keys/version/{version}. */
    public void delete(UserId user, String version) throws MatrixException {
        Optional<Long> n = number(version);
        if (n.isEmpty() || (!store.deleteVersion(user, n.get()) && !store.existed(user, n.get()))) {
            throw MatrixException.notFound("Unknown backup version");
        }
    }

    /** PUT /room_keys/keys[/{roomId}[/{sessionId}]]: {@code {"etag", "count"}}. */
    public ObjectNode putKeys(UserId user, String version, Optional<RoomId> room, Optional<String> session, JsonNode body)
            throws MatrixException {
        List<RoomKey> keys = new ArrayList<>();
        if (session.isPresent()) {
            keys.add(roomKey(room.orElseThrow().value(), session.get(), body));
        } else if (room.isPresent()) {
            sessions(room.get().value(), body, keys);
        } else {
            ObjectNode rooms = KeyJson.object(body.get("rooms"), "rooms");
            for (Map.Entry<String, JsonNode> r : rooms.properties()) {
                RoomId roomId = RoomId.parse(r.getKey())
                        .orElseThrow(() -> MatrixException.invalidParam("Invalid room ID " + r.getKey()));
                sessions(roomId.value(), r.getValue(), keys);
            }
        }
        // Not a number: no version of this server, so not the current one either.
        Optional<Version> written = store.putKeys(user, number(version).orElse(-1L), keys, BETTER);
        if (written.isEmpty()) {
            Optional<Version> current = store.currentVersion(user);
            if (current.isEmpty()) {
                throw MatrixException.notFound("Unknown backup version");
            }
            throw new MatrixException(403, "M_WRONG_ROOM_KEYS_VERSION", "Wrong backup version",
                    Map.of("current_version", Long.toString(current.get().version())));
        }
        return counts(written.get());
    }

    /** GET /room_keys/keys[/{roomId}[/{sessionId}]]. */
    public ObjectNode getKeys(UserId user, String version, Optional<RoomId> room, Optional<String> session)
            throws MatrixException {
        long n = existingVersion(user, version);
        List<RoomKey> keys = store.keys(user, n, room.map(RoomId::value).orElse(null), session.orElse(null));
        if (session.isPresent()) {
            return keys.stream().findFirst().map(KeyBackups::keyJson)
                    .orElseThrow(() -> MatrixException.notFound("No key for this session"));
        }
        ObjectNode out = F.objectNode();
        if (room.isPresent()) {
            ObjectNode sessions = out.putObject("sessions");
            keys.forEach(k -> sessions.set(k.sessionId(), keyJson(k)));
            return out;
        }
        ObjectNode rooms = out.putObject("rooms");
        keys.forEach(k -> rooms.withObjectProperty(k.roomId()).withObjectProperty("sessions").set(k.sessionId(), keyJson(k)));
        return out;
    }

    /** DELETE /room_keys/keys[/{roomId}[/{sessionId}]]: {@code {"etag", "count"}}. */
    public ObjectNode deleteKeys(UserId user, String version, Optional<RoomId> room, Optional<String> session)
            throws MatrixException {
        long n = existingVersion(user, version);
        Version v = store.deleteKeys(user, n, room.map(RoomId::value).orElse(null), session.orElse(null))
                .orElseThrow(() -> MatrixException.notFound("Unknown backup version"));
        return counts(v);
    }

    private long existingVersion(UserId user, String version) throws MatrixException {
        Optional<Long> n = number(version);
        if (n.isEmpty() || store.version(user, n.get()).isEmpty()) {
            throw MatrixException.notFound("Unknown backup version");
        }
        return n.get();
    }

    private static void sessions(String roomId, JsonNode roomBody, List<RoomKey> into) throws MatrixException {
        ObjectNode sessions = KeyJson.object(KeyJson.object(roomBody, "rooms." + roomId).get("sessions"), "sessions");
        for (Map.Entry<String, JsonNode> s : sessions.properties()) {
            into.add(roomKey(roomId, s.getKey(), s.getValue()));
            Limits.count(into.size(), Limits.BACKUP_KEYS_PER_UPLOAD, "session keys");
        }
    }

    private static RoomKey roomKey(String roomId, String sessionId, JsonNode value) throws MatrixException {
        Limits.id(sessionId, "A session ID");
        ObjectNode key = KeyJson.object(value, "The key of session " + sessionId);
        JsonNode data = key.get("session_data");
        if (data == null || data.isNull()) {
            throw MatrixException.badJson("session_data is required");
        }
        Limits.size(data, Limits.BACKUP_SESSION_BYTES, "session_data");
        return new RoomKey(roomId, sessionId, natural(key, "first_message_index"), natural(key, "forwarded_count"),
                bool(key, "is_verified"), Json.write(data));
    }

    private static long natural(ObjectNode key, String field) throws MatrixException {
        JsonNode value = key.get(field);
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < 0) {
            throw MatrixException.badJson(field + " must be a whole number, 0 or more");
        }
        return value.asLong();
    }

    private static boolean bool(ObjectNode key, String field) throws MatrixException {
        JsonNode value = key.get(field);
        if (value == null || !value.isBoolean()) {
            throw MatrixException.badJson(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** An object by the spec; a string too, as Synapse and SyTest have it (opaque either way). */
    private static String authData(JsonNode body) throws MatrixException {
        JsonNode authData = body.get("auth_data");
        if (authData == null || !(authData.isObject() || authData.isTextual())) {
            throw MatrixException.badJson("auth_data must be an object");
        }
        Limits.size(authData, Limits.BACKUP_AUTH_DATA_BYTES, "auth_data");
        return Json.write(authData);
    }

    private static ObjectNode keyJson(RoomKey key) {
        ObjectNode out = F.objectNode();
        out.put("first_message_index", key.firstMessageIndex());
        out.put("forwarded_count", key.forwardedCount());
        out.put("is_verified", key.verified());
        out.set("session_data", Json.stored(key.sessionDataJson()));
        return out;
    }

    private static ObjectNode counts(Version v) {
        return F.objectNode().put("etag", Long.toString(v.etag())).put("count", v.count());
    }

    /** A version as this server numbers them; anything else names no backup. */
    private static Optional<Long> number(String version) {
        if (version.isEmpty() || version.length() > 18 || !version.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(version));
    }
}
