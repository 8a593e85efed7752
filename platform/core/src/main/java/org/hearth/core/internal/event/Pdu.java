package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A room event in its federation form (a PDU, Server-Server API "PDUs"), immutable and backed
 * by its JSON.
 *
 * <p>The event ID is passed in: room versions 1 and 2 carry it in the JSON ({@code event_id}),
 * later versions derive it from the reference hash (see the room version's event ID format).
 * {@code prev_events} and {@code auth_events} are lists of event IDs from version 3 on, and
 * lists of {@code [event_id, {hashes}]} pairs before; {@link #prevEvents()} and
 * {@link #authEvents()} read both.
 */
public final class Pdu {
    private final ObjectNode json;
    private final String eventId;
    private final List<String> prevEvents;
    private final List<String> authEvents;

    private Pdu(ObjectNode json, String eventId) {
        this.json = json;
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.prevEvents = ids(json.get("prev_events"));
        this.authEvents = ids(json.get("auth_events"));
    }

    /** Wraps a copy of the JSON. */
    public static Pdu of(ObjectNode json, String eventId) {
        return new Pdu(json.deepCopy(), eventId);
    }

    /** For room versions 1 and 2, whose events carry their own {@code event_id}. */
    public static Pdu withEmbeddedId(ObjectNode json) {
        JsonNode id = json.get("event_id");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("event has no event_id");
        }
        return of(json, id.asText());
    }

    private static List<String> ids(JsonNode list) {
        if (list == null || !list.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            out.add(item.isArray() ? item.path(0).asText() : item.asText());
        }
        return Collections.unmodifiableList(out);
    }

    public String eventId() {
        return eventId;
    }

    public String roomId() {
        return json.path("room_id").asText(null);
    }

    public String sender() {
        return json.path("sender").asText();
    }

    public String type() {
        return json.path("type").asText();
    }

    /** The state key; empty for a message event. */
    public Optional<String> stateKey() {
        JsonNode key = json.get("state_key");
        return key != null && key.isTextual() ? Optional.of(key.asText()) : Optional.empty();
    }

    public boolean isState() {
        return stateKey().isPresent();
    }

    public JsonNode content() {
        return json.path("content");
    }

    public List<String> prevEvents() {
        return prevEvents;
    }

    public List<String> authEvents() {
        return authEvents;
    }

    public long depth() {
        return json.path("depth").asLong();
    }

    public long originServerTs() {
        return json.path("origin_server_ts").asLong();
    }

    /** The event a redaction redacts: top level before room version 11, in the content from 11 on. */
    public Optional<String> redacts() {
        JsonNode top = json.get("redacts");
        if (top != null && top.isTextual()) {
            return Optional.of(top.asText());
        }
        JsonNode inContent = content().get("redacts");
        return inContent != null && inContent.isTextual() ? Optional.of(inContent.asText()) : Optional.empty();
    }

    /** A copy of the JSON. */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** Read-only view of one top-level field, or null. */
    public JsonNode field(String name) {
        return json.get(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pdu p && p.eventId.equals(eventId);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }

    @Override
    public String toString() {
        return eventId + " " + type() + stateKey().map(k -> "[" + k + "]").orElse("");
    }
}
