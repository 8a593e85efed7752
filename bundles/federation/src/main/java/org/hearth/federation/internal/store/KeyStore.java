package org.hearth.federation.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.Json;

/** Other servers' keys ({@code federation_server_keys}) and their signed responses ({@code federation_key_responses}). */
public final class KeyStore {
    /** One stored key: {@code expiredTs} null for a current key. */
    public record StoredKey(String keyId, String verifyKey, long validUntilTs, Long expiredTs) {
        /** Whether the key could sign at that instant (its valid_until_ts, or expired_ts for an old key, not before it). */
        public boolean validAt(long instant) {
            return (expiredTs != null ? expiredTs : validUntilTs) >= instant;
        }
    }

    /** A server's key response as it signed it. */
    public record StoredResponse(JsonNode response, long validUntilTs, long fetchedAt) {}

    private final BundleDatabase db;

    public KeyStore(BundleDatabase db) {
        this.db = db;
    }

    public Optional<StoredKey> key(ServerName server, String keyId) {
        return db.read(c -> Sql.query(c, "SELECT key_id, verify_key, valid_until_ts, expired_ts FROM federation_server_keys "
                        + "WHERE server_name = ? AND key_id = ?",
                row -> new StoredKey(row.getString(1), row.getString(2), row.getLong(3), Sql.nullableLong(row, 4)),
                server.value(), keyId)).stream().findFirst();
    }

    /** The stored response holding the key. */
    public Optional<StoredResponse> response(ServerName server, String keyId) {
        return db.read(c -> Sql.query(c, "SELECT response, valid_until_ts, fetched_at FROM federation_key_responses "
                        + "WHERE server_name = ? AND key_id = ?",
                row -> new StoredResponse(Json.read(row.getString(1)), row.getLong(2), row.getLong(3)),
                server.value(), keyId)).stream().findFirst();
    }

    /** The IDs of the server's keys that have a stored response. */
    public List<String> keyIds(ServerName server) {
        return db.read(c -> Sql.query(c, "SELECT key_id FROM federation_key_responses WHERE server_name = ? ORDER BY key_id",
                row -> row.getString(1), server.value()));
    }

    /**
     * Records a verified response: its keys (a key seen again keeps the later validity) and, for
     * each current key, the response itself unless a stored one holding that key is valid for longer.
     */
    public void store(ServerName server, JsonNode response, long validUntilTs, List<StoredKey> keys, long now) {
        db.transaction(c -> {
            for (StoredKey k : keys) {
                Sql.update(c, "DELETE FROM federation_server_keys WHERE server_name = ? AND key_id = ? "
                        + "AND COALESCE(expired_ts, valid_until_ts) <= ?", server.value(), k.keyId(),
                        k.expiredTs() != null ? k.expiredTs() : k.validUntilTs());
                Sql.update(c, "INSERT INTO federation_server_keys (server_name, key_id, verify_key, valid_until_ts, "
                        + "expired_ts) VALUES (?, ?, ?, ?, ?) ON CONFLICT (server_name, key_id) DO NOTHING",
                        server.value(), k.keyId(), k.verifyKey(), k.validUntilTs(), k.expiredTs());
            }
            for (StoredKey k : keys) {
                if (k.expiredTs() != null) {
                    continue; // an old key's response is the one that had it as a current key
                }
                Sql.update(c, "DELETE FROM federation_key_responses WHERE server_name = ? AND key_id = ? "
                        + "AND valid_until_ts <= ?", server.value(), k.keyId(), validUntilTs);
                Sql.update(c, "INSERT INTO federation_key_responses (server_name, key_id, response, valid_until_ts, "
                        + "fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (server_name, key_id) DO NOTHING",
                        server.value(), k.keyId(), Json.text(response), validUntilTs, now);
            }
            return null;
        });
    }
}
