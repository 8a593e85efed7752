package org.hearth.federation.internal.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.federation.ServerIdentity;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.ServerPolicy;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.Inbound;
import org.hearth.federation.internal.json.Json;
import org.hearth.federation.internal.store.KeyStore;

/**
 * The key endpoints (Server-Server API, "Retrieving server keys"), which need no signature:
 * <ul>
 *   <li>{@code GET /_matrix/key/v2/server}: this server's keys;</li>
 *   <li>{@code POST /_matrix/key/v2/query} and {@code GET /_matrix/key/v2/query/{serverName}}:
 *       as a notary, other servers' key responses as they signed them, with this server's
 *       signature added; from the cache when valid until {@code minimum_valid_until_ts}, else
 *       fetched anew, else the cached copy ("return cached copies", as the spec allows).</li>
 * </ul>
 */
public final class KeyEndpoints {
    private static final int MAX_SERVERS = 100;
    private static final int MAX_KEYS = 50;

    private final ServerIdentity identity;
    private final OwnKeys own;
    private final KeyStore store;
    private final KeyFetcher fetcher;
    private final ServerPolicy policy;
    private final Clock clock;

    public KeyEndpoints(ServerIdentity identity, OwnKeys own, KeyStore store, KeyFetcher fetcher, ServerPolicy policy,
                        Clock clock) {
        this.identity = identity;
        this.own = own;
        this.store = store;
        this.fetcher = fetcher;
        this.policy = policy;
        this.clock = clock;
    }

    public List<Mount> mounts() {
        return List.of(
                Mount.open("GET", "/_matrix/key/v2/server", r -> own.response()),
                Mount.open("GET", "/_matrix/key/v2/server/{keyId}", r -> own.response()), // deprecated form
                Mount.open("POST", "/_matrix/key/v2/query", this::query),
                Mount.open("GET", "/_matrix/key/v2/query/{serverName}", this::queryOne),
                Mount.open("GET", "/_matrix/key/v2/query/{serverName}/{keyId}", this::queryOne)); // deprecated form
    }

    /** {@code POST /_matrix/key/v2/query}: {@code {"server_keys": {server: {keyId: {minimum_valid_until_ts}}}}}. */
    private JsonNode query(Inbound request) throws MatrixException {
        JsonNode wanted = request.jsonObject().path("server_keys");
        if (!wanted.isObject()) {
            throw MatrixException.badJson("server_keys must be an object");
        }
        if (wanted.size() > MAX_SERVERS) {
            throw MatrixException.badJson("At most " + MAX_SERVERS + " servers per query");
        }
        long now = clock.millis();
        ArrayNode answers = Json.MAPPER.createArrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ServerName.isValid(e.getKey()) || !e.getValue().isObject() || e.getValue().size() > MAX_KEYS) {
                throw MatrixException.badJson("server_keys." + e.getKey() + " is not a server's key criteria");
            }
            Map<String, Long> keys = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> k = e.getValue().fields(); k.hasNext(); ) {
                Map.Entry<String, JsonNode> criteria = k.next();
                JsonNode minimum = criteria.getValue().path("minimum_valid_until_ts");
                keys.put(criteria.getKey(), minimum.canConvertToLong() ? minimum.longValue() : now);
            }
            keysOf(new ServerName(e.getKey()), keys, now).forEach(answers::add);
        }
        return Json.object().set("server_keys", answers);
    }

    /** {@code GET /_matrix/key/v2/query/{serverName}[/{keyId}]?minimum_valid_until_ts=}. */
    private JsonNode queryOne(Inbound request) throws MatrixException {
        String name = request.param("serverName");
        if (!ServerName.isValid(name)) {
            throw MatrixException.invalidParam("Invalid server name " + name);
        }
        long now = clock.millis();
        long minimum;
        try {
            minimum = request.queryParam("minimum_valid_until_ts").map(Long::parseLong).orElse(now);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("minimum_valid_until_ts must be an integer");
        }
        String keyId = request.param("keyId");
        ArrayNode answers = Json.MAPPER.createArrayNode();
        keysOf(new ServerName(name), Map.of(keyId == null ? "" : keyId, minimum), now).forEach(answers::add);
        return Json.object().set("server_keys", answers);
    }

    /**
     * The responses holding the keys asked for ({@code ""}: every key), each valid until its
     * minimum when possible: from the cache, else fetched anew, else the cached one anyway.
     */
    private List<ObjectNode> keysOf(ServerName server, Map<String, Long> wanted, long now) {
        if (server.equals(identity.name())) {
            return List.of(own.response());
        }
        if (!policy.allows(server)) {
            return List.of();
        }
        Map<String, Long> keys = new LinkedHashMap<>(wanted);
        Long anyMinimum = keys.remove("");
        if (wanted.isEmpty() || anyMinimum != null) {
            long minimum = anyMinimum != null ? anyMinimum : now;
            store.keyIds(server).forEach(k -> keys.putIfAbsent(k, minimum));
            if (keys.isEmpty()) {
                fetcher.fetch(server, now);
                store.keyIds(server).forEach(k -> keys.putIfAbsent(k, minimum));
            }
        }
        boolean fetched = false;
        Map<String, ObjectNode> answers = new LinkedHashMap<>(); // by text: one response per distinct response
        for (Map.Entry<String, Long> k : keys.entrySet()) {
            Optional<KeyStore.StoredResponse> cached = store.response(server, k.getKey());
            if ((cached.isEmpty() || cached.get().validUntilTs() < k.getValue()) && !fetched) {
                fetched = true;
                fetcher.fetch(server, now);
                cached = store.response(server, k.getKey());
            }
            cached.ifPresent(c -> answers.putIfAbsent(Json.text(c.response()), countersigned(c.response())));
        }
        return List.copyOf(answers.values());
    }

    private ObjectNode countersigned(JsonNode response) {
        return identity.sign(((ObjectNode) response).deepCopy());
    }
}
