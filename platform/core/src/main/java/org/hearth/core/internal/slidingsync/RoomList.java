package org.hearth.core.internal.slidingsync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.SlidingSyncStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.BumpStamps;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.StoredContent;
import org.hearth.core.internal.util.Json;

/**
 * The user's rooms as sliding sync lists them (MSC4186 "Lists"), newest activity first: joined,
 * invited and knocked rooms; rooms the user was kicked or banned from after joining; rooms left
 * that the connection had been sent. Forgotten rooms are not listed.
 *
 * <p>Recency is the {@code bump_stamp}: the stream position of the newest event of a type that
 * is "proper" activity ({@link BumpStamps}), or for a room the user is not joined to, of the
 * user's membership event.
 * Ties go by room ID, so the order is stable.
 */
final class RoomList {
    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::bumpStamp).reversed()
            .thenComparing(Entry::roomId);
    private static final List<String> MEMBERSHIPS = List.of("join", "invite", "knock", "leave", "ban");

    /** One listed room. */
    record Entry(String roomId, String membership, long bumpStamp, StoredEvent membershipEvent) {}

    private final EventStore events;
    private final UserDataStore userData;
    private final UserId user;
    final List<Entry> rooms;
    private final Map<String, Entry> byId = new HashMap<>();
    private volatile Set<String> dms;
    private final Map<String, Set<String>> tags = new ConcurrentHashMap<>();

    /** @param memberships the user's rooms by current membership ({@link EventStore#membershipsOf}) */
    RoomList(EventStore events, BumpStamps bumpStamps, SlidingSyncStore store, UserDataStore userData, UserId user,
             Map<String, String> memberships, ConnectionState connection, long upTo) {
        this.events = events;
        this.userData = userData;
        this.user = user;
        List<String> joined = roomsOf(memberships, List.of("join"));
        Map<String, Long> bumps = bumpsOf(bumpStamps, store, joined, upTo);
        List<Entry> out = new ArrayList<>();
        joined.forEach(r -> out.add(new Entry(r, "join", bumps.getOrDefault(r, 0L), null)));
        List<StoredEvent> others = new ArrayList<>();
        List<String> notJoined = roomsOf(memberships, MEMBERSHIPS.subList(1, MEMBERSHIPS.size()));
        Set<String> forgotten = notJoined.isEmpty() ? Set.of() : new HashSet<>(userData.forgottenRooms(user));
        for (String roomId : notJoined) {
            if (!forgotten.contains(roomId)) {
                events.currentStateEvent(roomId, "m.room.member", user.toString()).flatMap(events::event)
                        .ifPresent(others::add);
            }
        }
        Set<String> wereIn = wereIn(others, connection);
        for (StoredEvent member : others) {
            String membership = RoomAccess.membershipOf(member);
            boolean listed = switch (membership) {
                case "invite", "knock" -> true;
                // Left by the user: only if the connection knew the room; kicked or banned: if the
                // user had been in the room or invited to it ("Lists": not a ban of a stranger).
                default -> connection.rooms.containsKey(member.roomId())
                        || !user.toString().equals(member.sender()) && wereIn.contains(member.roomId());
            };
            if (listed) {
                out.add(new Entry(member.roomId(), membership, member.streamPosition(), member));
            }
        }
        out.sort(ORDER);
        this.rooms = out;
        out.forEach(e -> byId.put(e.roomId(), e));
    }

    private RoomList(RoomList before, List<Entry> rooms) {
        this.events = before.events;
        this.userData = before.userData;
        this.user = before.user;
        this.dms = before.dms;
        this.tags.putAll(before.tags);
        this.rooms = rooms;
        rooms.forEach(e -> byId.put(e.roomId(), e));
    }

    /**
     * The same rooms with the joined ones' new {@code bump_stamp}s, in their new order: the list a
     * woken poll answers from when nothing named the user (no membership nor account data of
     * theirs changed) since this one was read.
     */
    RoomList withBumps(Map<String, Long> bumps) {
        List<Entry> out = new ArrayList<>(rooms.size());
        for (Entry e : rooms) {
            Long bump = "join".equals(e.membership()) ? bumps.get(e.roomId()) : null;
            out.add(bump == null ? e : new Entry(e.roomId(), e.membership(), bump, e.membershipEvent()));
        }
        out.sort(ORDER);
        return new RoomList(this, out);
    }

    /** The rooms' {@code bump_stamp}s up to {@code upTo}: from memory, or read in one statement. */
    static Map<String, Long> bumpsOf(BumpStamps bumpStamps, SlidingSyncStore store, List<String> roomIds, long upTo) {
        return bumpStamps.upTo(roomIds, upTo, unknown -> store.latestOfTypes(unknown, BumpStamps.TYPES, upTo));
    }

    /** The joined rooms. */
    List<String> joined() {
        return rooms.stream().filter(e -> "join".equals(e.membership())).map(Entry::roomId).toList();
    }

    /** The joined rooms of {@link EventStore#membershipsOf}. */
    static List<String> joined(Map<String, String> memberships) {
        return roomsOf(memberships, List.of("join"));
    }

    private static List<String> roomsOf(Map<String, String> memberships, List<String> wanted) {
        return memberships.entrySet().stream().filter(m -> wanted.contains(m.getValue())).map(Map.Entry::getKey)
                .toList();
    }

    /** Of the rooms the user was removed from, those where the user had joined or been invited before. */
    private Set<String> wereIn(List<StoredEvent> memberships, ConnectionState connection) {
        List<String> removed = memberships.stream().filter(m -> !user.toString().equals(m.sender()))
                .map(StoredEvent::roomId).filter(r -> !connection.rooms.containsKey(r)).toList();
        Set<String> out = new HashSet<>();
        if (!removed.isEmpty()) {
            for (StoredEvent e : events.stateChanges(removed, "m.room.member", user.toString())) {
                String membership = RoomAccess.membershipOf(e);
                if ("join".equals(membership) || "invite".equals(membership)) {
                    out.add(e.roomId());
                }
            }
        }
        return out;
    }

    /**
     * A room left that a subscription names: listed only for the subscription, when the user may
     * read some of it (was joined once: "Subscriptions").
     */
    Entry former(String roomId, boolean readable) {
        if (byId.containsKey(roomId) || !readable) {
            return byId.get(roomId);
        }
        Optional<StoredEvent> member = events.currentStateEvent(roomId, "m.room.member", user.toString())
                .flatMap(events::event);
        if (member.isEmpty() || !"leave".equals(RoomAccess.membershipOf(member.get())) && !"ban".equals(RoomAccess.membershipOf(member.get()))) {
            return null;
        }
        Entry entry = new Entry(roomId, RoomAccess.membershipOf(member.get()), member.get().streamPosition(), member.get());
        byId.put(roomId, entry);
        return entry;
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
            // filled before it is published: a list held for later requests is read by several
            Set<String> read = new HashSet<>();
            userData.accountData(user, null, "m.direct").ifPresent(json -> Json.stored(json).fields()
                    .forEachRemaining(e -> e.getValue().forEach(r -> read.add(r.asText()))));
            dms = read;
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
                .map(e -> StoredContent.text(e, "type")).orElse(null);
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
}
