package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.core.internal.util.Json;

/**
 * What a connection has been told up to one {@code pos}, saved with it (MSC4186 "Connections"):
 * the stream positions it has seen, the lists, subscriptions and extensions today's clients send
 * only when they change, each list's count, and for each room sent what was sent of it.
 */
final class ConnectionState {
    /** The event stream position the connection has seen up to; 0 for a new connection. */
    long events;
    /** Positions of the other streams, by name (typing, to-device, device lists). */
    final Map<String, Long> positions = new LinkedHashMap<>();
    final Map<String, ListConfig> lists = new LinkedHashMap<>();
    final Map<String, RoomConfig> subscriptions = new LinkedHashMap<>();
    ObjectNode extensions = JsonNodeFactory.instance.objectNode();
    final Map<String, Integer> listCounts = new LinkedHashMap<>();
    final Map<String, SentRoom> rooms = new LinkedHashMap<>();

    /**
     * A room as last sent.
     *
     * @param upTo       the event position the client has the room up to
     * @param membership the user's membership then
     * @param config     the room config it was sent with
     * @param joined     joined members then
     * @param invited    invited members then
     * @param dm         whether it was a direct chat then
     */
    record SentRoom(long upTo, String membership, RoomConfig config, int joined, int invited, boolean dm) {
        /** The room as the client has it at {@code position}, to be kept up to date with {@code now}. */
        SentRoom at(long position, RoomConfig now) {
            return new SentRoom(position, membership, now, joined, invited, dm);
        }
    }

    boolean isNew() {
        return events == 0;
    }

    /**
     * A copy to change, without writing and reading back every room: the rooms and configs are
     * immutable records, the extensions' JSON (which answers edit) is copied.
     */
    ConnectionState copy() {
        ConnectionState out = new ConnectionState();
        out.events = events;
        out.positions.putAll(positions);
        out.lists.putAll(lists);
        out.subscriptions.putAll(subscriptions);
        out.extensions = extensions.deepCopy();
        out.listCounts.putAll(listCounts);
        out.rooms.putAll(rooms);
        return out;
    }

    /** A room sent up to the connection's {@link #events} is saved as this, not as that position. */
    private static final long UP_TO_EVENTS = -1;

    String toJson() {
        ObjectNode out = settings();
        out.put("events", events);
        // Rooms share a few configs: each is written once and the rooms point at it.
        List<RoomConfig> configs = new ArrayList<>();
        ObjectNode roomsJson = out.putObject("rooms");
        rooms.forEach((roomId, r) -> {
            int index = configs.indexOf(r.config());
            if (index < 0) {
                configs.add(r.config());
                index = configs.size() - 1;
            }
            roomsJson.putArray(roomId).add(r.upTo() == events ? UP_TO_EVENTS : r.upTo()).add(r.membership())
                    .add(index).add(r.joined()).add(r.invited()).add(r.dm());
        });
        ArrayNode configsJson = out.putArray("configs");
        configs.forEach(c -> configsJson.add(c.toJson()));
        return Json.write(out);
    }

    /** What the client asked for and the other streams' positions: all but the event position and the rooms. */
    private ObjectNode settings() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode pos = out.putObject("positions");
        positions.forEach(pos::put);
        ObjectNode listsJson = out.putObject("lists");
        lists.forEach((k, v) -> listsJson.set(k, v.toJson()));
        ObjectNode subs = out.putObject("subscriptions");
        subscriptions.forEach((k, v) -> subs.set(k, v.toJson()));
        out.set("extensions", extensions);
        ObjectNode counts = out.putObject("counts");
        listCounts.forEach(counts::put);
        return out;
    }

    /**
     * Whether this state is {@code other} moved on by new events only: the rooms sent up to the
     * event position in one are in the other, the rest alike. The saved {@code other} then stands
     * for this one with a {@code pos} naming the new position ({@link #at}).
     */
    boolean movedOnFrom(ConnectionState other) {
        if (!rooms.keySet().equals(other.rooms.keySet())) {
            return false;
        }
        for (Map.Entry<String, SentRoom> e : rooms.entrySet()) {
            SentRoom mine = e.getValue();
            SentRoom theirs = other.rooms.get(e.getKey());
            long mineUpTo = mine.upTo() == events ? UP_TO_EVENTS : mine.upTo();
            long theirsUpTo = theirs.upTo() == other.events ? UP_TO_EVENTS : theirs.upTo();
            if (mineUpTo != theirsUpTo || !mine.at(0, mine.config()).equals(theirs.at(0, theirs.config()))) {
                return false;
            }
        }
        return Json.write(settings()).equals(Json.write(other.settings()));
    }

    /**
     * The state moved on to the event position {@code position}: what a saved state stands for
     * when the {@code pos} names a later position (the states in between {@link #movedOnFrom} it).
     */
    void at(long position) {
        rooms.replaceAll((roomId, r) -> r.upTo() == events ? new SentRoom(position, r.membership(), r.config(),
                r.joined(), r.invited(), r.dm()) : r);
        events = position;
    }

    /** A saved state; empty when this version cannot read it (the client then starts over). */
    static Optional<ConnectionState> read(String text) {
        try {
            return Optional.of(fromJson(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static ConnectionState fromJson(String text) {
        try {
            JsonNode in = Json.stored(text);
            ConnectionState state = new ConnectionState();
            state.events = in.path("events").asLong();
            in.path("positions").fields().forEachRemaining(e -> state.positions.put(e.getKey(), e.getValue().asLong()));
            for (var it = in.path("lists").fields(); it.hasNext(); ) {
                var e = it.next();
                state.lists.put(e.getKey(), ListConfig.parse(e.getValue(), null));
            }
            for (var it = in.path("subscriptions").fields(); it.hasNext(); ) {
                var e = it.next();
                state.subscriptions.put(e.getKey(), RoomConfig.parse(e.getValue(), null));
            }
            state.extensions = (ObjectNode) in.get("extensions");
            in.path("counts").fields().forEachRemaining(e -> state.listCounts.put(e.getKey(), e.getValue().asInt()));
            List<RoomConfig> configs = new ArrayList<>();
            for (JsonNode c : in.path("configs")) {
                configs.add(RoomConfig.parse(c, null));
            }
            in.path("rooms").fields().forEachRemaining(e -> {
                JsonNode r = e.getValue();
                long upTo = r.get(0).asLong();
                state.rooms.put(e.getKey(), new SentRoom(upTo == UP_TO_EVENTS ? state.events : upTo, r.get(1).asText(),
                        configs.get(r.get(2).asInt()),
                        r.get(3).asInt(), r.get(4).asInt(), r.get(5).asBoolean()));
            });
            return state;
        } catch (MatrixException e) {
            throw new IllegalStateException("a stored sliding sync state is unreadable", e);
        }
    }
}
