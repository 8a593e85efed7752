package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.SlidingSyncStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.util.Json;

/**
 * The user's rooms as sliding sync lists them (MSC4186 "Lists"), newest activity first: joined,
 * invited and knocked rooms; rooms the user was kicked or banned from after joining; rooms left
 * that the connection had been sent. Forgotten rooms are not listed.
 *
 * <p>Recency is the {@code bump_stamp}: the stream position of the newest event of a type that
 * is "proper" activity, or for a room the user is not joined to, of the user's membership event.
 * Ties go by room ID, so the order is stable.
 */
final class RoomList {
    /** MSC4186 {@code bump_stamp}: the event types that count as activity. */
    static final List<String> BUMP_TYPES = List.of("m.room.create", "m.room.message", "m.room.encrypted", "m.sticker",
            "m.call.invite", "m.poll.start", "m.beacon_info");
    private static final List<String> MEMBERSHIPS = List.of("join", "invite", "knock", "leave", "ban");

    /** One listed room. */
    record Entry(String roomId, String membership, long bumpStamp, StoredEvent membershipEvent) {}

    private final EventStore events;
    private final UserDataStore userData;
    private final UserId user;
    final List<Entry> rooms;
    private final Map<String, Entry> byId = new HashMap<>();
    private Set<String> dms;
    private final Map<String, Set<String>> tags = new HashMap<>();

    RoomList(EventStore events, SlidingSyncStore store, UserDataStore userData, UserId user,
             ConnectionState connection, long upTo) {
        this.events = events;
        this.userData = userData;
        this.user = user;
        Set<String> forgotten = new HashSet<>(userData.forgottenRooms(user));
        List<String> joined = events.roomsOf(user, List.of("join"));
        Map<String, Long> bumps = store.latestOfTypes(joined, BUMP_TYPES, upTo);
        List<Entry> out = new ArrayList<>();
        joined.forEach(r -> out.add(new Entry(r, "join", bumps.getOrDefault(r, 0L), null)));
        for (String roomId : events.roomsOf(user, MEMBERSHIPS.subList(1, MEMBERSHIPS.size()))) {
            if (forgotten.contains(roomId)) {
                continue;
            }
            Optional<StoredEvent> member = events.currentStateEvent(roomId, "m.room.member", user.toString())
                    .flatMap(events::event);
            if (member.isEmpty()) {
                continue;
            }
            String membership = membershipOf(member.get());
            boolean listed = switch (membership) {
                case "invite", "knock" -> true;
                // Left by the user: only if the connection knew the room; kicked or banned: always.
                default -> connection.rooms.containsKey(roomId) || !user.toString().equals(member.get().sender());
            };
            if (listed) {
                out.add(new Entry(roomId, membership, member.get().streamPosition(), member.get()));
            }
        }
        out.sort(Comparator.comparingLong(Entry::bumpStamp).reversed().thenComparing(Entry::roomId));
        this.rooms = out;
        out.forEach(e -> byId.put(e.roomId(), e));
    }

    Entry get(String roomId) {
        return byId.get(roomId);
    }

    /** The listed rooms that pass the filters, in order. */
    List<Entry> filtered(ListFilters filters) {
        if (filters.equals(ListFilters.NONE)) {
            return rooms;
        }
        Set<String> inSpaces = filters.needsSpaces() ? spaceChildren(filters.spaces()) : Set.of();
        List<Entry> out = new ArrayList<>();
        for (Entry e : rooms) {
            ListFilters.Facts facts = new ListFilters.Facts(isDm(e.roomId()),
                    events.currentStateEvent(e.roomId(), "m.room.encryption", "").isPresent(),
                    "invite".equals(e.membership()), roomType(e.roomId()), tags(e.roomId()), inSpaces.contains(e.roomId()));
            if (filters.matches(facts)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Whether {@code m.direct} account data names the room. */
    boolean isDm(String roomId) {
        if (dms == null) {
            dms = new HashSet<>();
            userData.accountData(user, null, "m.direct").ifPresent(json -> Json.stored(json).fields()
                    .forEachRemaining(e -> e.getValue().forEach(r -> dms.add(r.asText()))));
        }
        return dms.contains(roomId);
    }

    private Set<String> tags(String roomId) {
        return tags.computeIfAbsent(roomId, r -> {
            Set<String> names = new HashSet<>();
            userData.accountData(user, r, "m.tag").ifPresent(json -> Json.stored(json).path("tags").fieldNames()
                    .forEachRemaining(names::add));
            return names;
        });
    }

    private String roomType(String roomId) {
        return events.currentStateEvent(roomId, "m.room.create", "").flatMap(events::event)
                .map(e -> ClientEvents.format(e, false).path("content").path("type"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
    }

    /** The rooms that the given spaces the user is joined to name as children (no sub-spaces). */
    private Set<String> spaceChildren(List<String> spaces) {
        Set<String> out = new HashSet<>();
        for (String space : spaces) {
            Entry entry = byId.get(space);
            if (entry == null || !"join".equals(entry.membership())) {
                continue;
            }
            events.currentState(space).keySet().stream().filter(k -> "m.space.child".equals(k.type()))
                    .forEach(k -> out.add(k.stateKey()));
        }
        return out;
    }

    static String membershipOf(StoredEvent member) {
        return ClientEvents.format(member, false).path("content").path("membership").asText("leave");
    }
}
