package org.hearth.federation.internal.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
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
                Mount.open("GET", "/_matrix/key/v2/query/{serverName}", this::queryOne));
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
        ArrayNode answers = Json.MAPPER.createArrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ServerName.isValid(e.getKey()) || !e.getValue().isObject()) {
                throw MatrixException.badJson("server_keys." + e.getKey() + " is not a server's key criteria");
            }
            long minimum = 0;
            for (JsonNode criteria : e.getValue()) {
                minimum = Math.max(minimum, criteria.path("minimum_valid_until_ts").asLong(0));
            }
            keysOf(new ServerName(e.getKey()), minimum).ifPresent(answers::add);
        }
        return Json.object().set("server_keys", answers);
    }

    /** {@code GET /_matrix/key/v2/query/{serverName}?minimum_valid_until_ts=}. */
    private JsonNode queryOne(Inbound request) throws MatrixException {
        String name = request.param("serverName");
        if (!ServerName.isValid(name)) {
            throw MatrixException.invalidParam("Invalid server name " + name);
        }
        long minimum;
        try {
            minimum = Long.parseLong(request.queryParam("minimum_valid_until_ts").orElse("0"));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("minimum_valid_until_ts must be an integer");
        }
        ArrayNode answers = Json.MAPPER.createArrayNode();
        keysOf(new ServerName(name), minimum).ifPresent(answers::add);
        return Json.object().set("server_keys", answers);
    }

    private Optional<ObjectNode> keysOf(ServerName server, long minimumValidUntil) {
        if (server.equals(identity.name())) {
            return Optional.of(own.response());
        }
        if (!policy.allows(server)) {
            return Optional.empty();
        }
        long now = clock.millis();
        Optional<KeyStore.StoredResponse> cached = store.response(server);
        if (cached.isPresent() && cached.get().validUntilTs() >= Math.max(minimumValidUntil, now)) {
            return Optional.of(countersigned(cached.get().response()));
        }
        Optional<JsonNode> fresh = fetcher.fetch(server, now);
        if (fresh.isPresent()) {
            return Optional.of(countersigned(fresh.get()));
        }
        return cached.map(c -> countersigned(c.response()));
    }

    private ObjectNode countersigned(JsonNode response) {
        return identity.sign(((ObjectNode) response).deepCopy());
    }
}
