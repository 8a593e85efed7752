package org.hearth.federation.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.Json;

/** Transactions received ({@code federation_received_txns}): a retried one gets the answer the first got. */
public final class TxnStore {
    private final BundleDatabase db;

    public TxnStore(BundleDatabase db) {
        this.db = db;
    }

    public Optional<JsonNode> answered(ServerName origin, String txnId) {
        return db.read(c -> Sql.query(c, "SELECT response FROM federation_received_txns WHERE origin = ? AND txn_id = ?",
                row -> Json.read(row.getString(1)), origin.value(), txnId)).stream().findFirst();
    }

    public void record(ServerName origin, String txnId, JsonNode response, long now) {
        db.transaction(c -> Sql.update(c, "INSERT INTO federation_received_txns (origin, txn_id, response, received_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (origin, txn_id) DO NOTHING", origin.value(), txnId, Json.text(response), now));
    }

    /** Forgets transactions received before the instant: a server retries a transaction for minutes, not days. */
    public int forgetBefore(long instant) {
        return db.transaction(c -> Sql.update(c, "DELETE FROM federation_received_txns WHERE received_at < ?", instant));
    }
}
