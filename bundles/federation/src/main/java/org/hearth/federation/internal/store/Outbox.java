package org.hearth.federation.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.id.EventId;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.Json;

/**
 * The durable outbound queues ({@code federation_outbox}: one ordered queue per destination,
 * PDUs by event ID and EDUs as JSON), each destination's back-off ({@code federation_destinations})
 * and the sender's stream position ({@code federation_stream}).
 */
public final class Outbox {
    /** One queued item: an event ID or an EDU. */
    public record Item(long id, EventId eventId, JsonNode edu) {}

    /** A destination's back-off: nothing is sent before {@code retryAt}. */
    public record Backoff(long retryAt, long intervalMs) {}

    private final BundleDatabase db;

    public Outbox(BundleDatabase db) {
        this.db = db;
    }

    /** The position of the last event queued by the stream consumer {@code name}; 0 if none. */
    public long position(String name) {
        return db.read(c -> Sql.query(c, "SELECT position FROM federation_stream WHERE name = ?", row -> row.getLong(1),
                name)).stream().findFirst().orElse(0L);
    }

    /** Queues events for their destinations and moves the position, in one transaction. */
    public void queueEvents(Map<ServerName, List<EventId>> byDestination, String name, long position, long now) {
        db.transaction(c -> {
            for (Map.Entry<ServerName, List<EventId>> e : byDestination.entrySet()) {
                for (EventId event : e.getValue()) {
                    Sql.update(c, "INSERT INTO federation_outbox (destination, event_id, edu, queued_at) VALUES (?, ?, NULL, ?)",
                            e.getKey().value(), event.value(), now);
                }
            }
            if (Sql.update(c, "UPDATE federation_stream SET position = ? WHERE name = ?", position, name) == 0) {
                Sql.update(c, "INSERT INTO federation_stream (name, position) VALUES (?, ?)", name, position);
            }
            return null;
        });
    }

    public void queueEdu(ServerName destination, JsonNode edu, long now) {
        db.transaction(c -> Sql.update(c, "INSERT INTO federation_outbox (destination, event_id, edu, queued_at) "
                + "VALUES (?, NULL, ?, ?)", destination.value(), Json.text(edu), now));
    }

    /** The oldest items of a destination: at most {@code maxPdus} PDUs and {@code maxEdus} EDUs, in order. */
    public List<Item> next(ServerName destination, int maxPdus, int maxEdus) {
        List<Item> rows = db.read(c -> Sql.query(c, "SELECT id, event_id, edu FROM federation_outbox WHERE destination = ? "
                        + "ORDER BY id LIMIT " + (maxPdus + maxEdus),
                row -> new Item(row.getLong(1), row.getString(2) == null ? null : new EventId(row.getString(2)),
                        row.getString(3) == null ? null : Json.read(row.getString(3))), destination.value()));
        List<Item> batch = new ArrayList<>();
        int pdus = 0;
        int edus = 0;
        for (Item item : rows) {
            if (item.eventId() != null ? pdus++ >= maxPdus : edus++ >= maxEdus) {
                break; // keep the order: what does not fit waits with everything after it
            }
            batch.add(item);
        }
        return batch;
    }

    public void remove(List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        String ids = items.stream().map(i -> String.valueOf(i.id())).collect(Collectors.joining(","));
        db.transaction(c -> Sql.update(c, "DELETE FROM federation_outbox WHERE id IN (" + ids + ")"));
    }

    /** Destinations with something queued. */
    public List<ServerName> destinations() {
        return db.read(c -> Sql.query(c, "SELECT DISTINCT destination FROM federation_outbox",
                row -> new ServerName(row.getString(1))));
    }

    public long queued(ServerName destination) {
        return db.read(c -> Sql.query(c, "SELECT COUNT(*) FROM federation_outbox WHERE destination = ?",
                row -> row.getLong(1), destination.value())).get(0);
    }

    public Optional<Backoff> backoff(ServerName destination) {
        return db.read(c -> Sql.query(c, "SELECT retry_at, retry_interval_ms FROM federation_destinations WHERE destination = ?",
                row -> new Backoff(row.getLong(1), row.getLong(2)), destination.value())).stream().findFirst();
    }

    public void backOff(ServerName destination, Backoff backoff) {
        db.transaction(c -> {
            if (Sql.update(c, "UPDATE federation_destinations SET retry_at = ?, retry_interval_ms = ? WHERE destination = ?",
                    backoff.retryAt(), backoff.intervalMs(), destination.value()) == 0) {
                Sql.update(c, "INSERT INTO federation_destinations (destination, retry_at, retry_interval_ms) VALUES (?, ?, ?)",
                        destination.value(), backoff.retryAt(), backoff.intervalMs());
            }
            return null;
        });
    }

    public void clearBackoff(ServerName destination) {
        db.transaction(c -> Sql.update(c, "DELETE FROM federation_destinations WHERE destination = ?", destination.value()));
    }
}
