package org.hearth.federation.internal.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.client.FederationClient;
import org.hearth.federation.internal.json.Signatures;
import org.hearth.federation.internal.store.KeyStore;
import org.hearth.federation.internal.store.KeyStore.StoredKey;

/**
 * Fetches a server's keys from the server itself ({@code GET /_matrix/key/v2/server}), checks the
 * response and stores it. A response counts only when it names the server, carries a
 * {@code valid_until_ts}, and is signed by every one of its {@code verify_keys} (so it really
 * comes from the holder of those keys).
 */
public final class KeyFetcher {
    private static final int MAX_KEYS = 50;

    private final FederationClient client;
    private final KeyStore store;

    public KeyFetcher(FederationClient client, KeyStore store) {
        this.client = client;
        this.store = store;
    }

    /** Fetches and stores; empty when the server did not answer a valid response. */
    public Optional<JsonNode> fetch(ServerName server, long now) {
        JsonNode response;
        try {
            response = client.request(server, "GET", "/_matrix/key/v2/server", Map.of(), null);
        } catch (RemoteException e) {
            return Optional.empty();
        }
        return accept(server, response, now) ? Optional.of(response) : Optional.empty();
    }

    /** Checks a key response of the server (from it or from a notary) and stores it when valid. */
    public boolean accept(ServerName server, JsonNode response, long now) {
        List<StoredKey> keys = check(server, response);
        if (keys == null) {
            return false;
        }
        store.store(server, response, response.path("valid_until_ts").longValue(), keys, now);
        return true;
    }

    /** The keys of a valid response, or null. */
    static List<StoredKey> check(ServerName server, JsonNode response) {
        if (!response.isObject() || !server.value().equals(response.path("server_name").textValue())
                || !response.path("valid_until_ts").canConvertToLong() || !response.path("verify_keys").isObject()
                || response.path("verify_keys").size() == 0 || response.path("verify_keys").size() > MAX_KEYS
                || response.path("old_verify_keys").size() > MAX_KEYS) {
            return null;
        }
        long validUntil = response.path("valid_until_ts").longValue();
        List<StoredKey> keys = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("verify_keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<byte[]> key = Signatures.base64(e.getValue().path("key"));
            if (!e.getKey().startsWith("ed25519:") || key.isEmpty() || key.get().length != 32) {
                return null;
            }
            try {
                if (!Signatures.verify((ObjectNode) response, server.value(), e.getKey(), key.get())) {
                    return null;
                }
            } catch (IllegalArgumentException notCanonical) {
                return null;
            }
            keys.add(new StoredKey(e.getKey(), Signatures.unpaddedBase64(key.get()), validUntil, null));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("old_verify_keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<byte[]> key = Signatures.base64(e.getValue().path("key"));
            JsonNode expired = e.getValue().path("expired_ts");
            if (e.getKey().startsWith("ed25519:") && key.isPresent() && key.get().length == 32
                    && expired.canConvertToLong() && !response.path("verify_keys").has(e.getKey())) {
                keys.add(new StoredKey(e.getKey(), Signatures.unpaddedBase64(key.get()), expired.longValue(),
                        expired.longValue()));
            }
        }
        return keys;
    }
}
