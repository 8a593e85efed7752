package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.HistoryVisibility;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.RecentEvents;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.StateBreaks;
import org.hearth.core.internal.rooms.StoredContent;
import org.hearth.core.internal.util.Json;
import org.hearth.core.internal.paging.StreamToken;
import org.hearth.core.internal.sync.StrippedState;
import org.hearth.core.internal.sync.SyncTimeline;

/**
 * One room of a sliding sync answer (MSC4186 "Room results").
 *
 * <ul>
 *   <li>In full ({@code initial: true}) the first time the connection gets the room, when the
 *       user's membership changed, or when the room config widened (more timeline, other state):
 *       the client replaces what it had.</li>
 *   <li>Else what changed after the position the client has the room up to: new timeline events,
 *       the required state set since, the name or avatar if they changed, the member counts and
 *       heroes if they changed.</li>
 *   <li>The timeline holds what the user may see ({@link RoomView}, history visibility); a room
 *       the user is invited to or knocks on shows only stripped state; a room left shows what it
 *       was up to the leaving.</li>
 * </ul>
 */
final class RoomResults {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_HEROES = 5;

    private final EventStore events;
    private final RecentEvents recent;
    private final StateBreaks breaks;
    private final ErasedSenders erased;
    private final RoomAccess access;
    private final UserId user;
    private final String deviceId;
    private final boolean unstableShape;
    private final IgnoredUsers.Ignored ignored;
    /** The user's own events in the timelines built, for {@link #addTransactionIds}. */
    private final List<Own> own = new ArrayList<>();
    /** The memberships of the joined rooms about to be built ({@link #readMemberships}). */
    private Map<String, Map<String, String>> memberships = Map.of();

    RoomResults(EventStore events, RecentEvents recent, StateBreaks breaks, ErasedSenders erased, RoomAccess access,
                UserId user, String deviceId, boolean unstableShape, IgnoredUsers.Ignored ignored) {
        this.erased = erased;
        this.ignored = ignored;
        this.events = events;
        this.recent = recent;
        this.breaks = breaks;
        this.access = access;
        this.user = user;
        this.deviceId = deviceId;
        this.unstableShape = unstableShape;
    }

    /** Reads the memberships of the joined rooms about to be built at once, not one room at a time. */
    void readMemberships(Collection<String> joinedRoomIds) {
        memberships = events.memberships(joinedRoomIds);
    }

    /**
     * The room's events in (after, upTo] when {@link RecentEvents} holds them all and none is a
     * state event: for a joined member who was sent the room up to {@code after} and is still
     * joined, the room then changed only by new visible events ({@link #buildFromMemory}).
     */
    static Optional<List<StoredEvent>> newMessages(RecentEvents recent, String roomId, long after, long upTo) {
        return recent.between(roomId, after, upTo).filter(news -> news.stream().allMatch(e -> e.stateKey() == null));
    }

    /**
     * {@link #build} of a joined room the connection has up to {@code sent} with the same config,
     * when {@link #newMessages} found only new events that are not state: the user was joined at
     * each (all are visible, none served as erased), the members and their counts, the name and
     * avatar are as sent. Reads only the lazy-loaded memberships of the timeline's senders.
     */
    Result buildFromMemory(RoomList.Entry room, RoomConfig config, ConnectionState.SentRoom sent, long liveSince,
                           long upTo) {
        return build(room, new RoomView(room.roomId(), HistoryVisibility.EVERYTHING, null, true), config, sent,
                sent.dm(), liveSince, upTo, true);
    }

    /**
     * The room's result, and what the connection will then have of it; null when there is nothing
     * to send.
     *
     * @param sent       what the connection had of the room, null when never sent
     * @param liveSince  the position of the connection's previous answer (for {@code num_live})
     */
    Result build(RoomList.Entry room, RoomView view, RoomConfig config, ConnectionState.SentRoom sent, boolean dm,
                 long liveSince, long upTo) {
        return build(room, view, config, sent, dm, liveSince, upTo, false);
    }

    private Result build(RoomList.Entry room, RoomView view, RoomConfig config, ConnectionState.SentRoom sent,
                         boolean dm, long liveSince, long upTo, boolean fromMemory) {
        boolean joinedOrLeft = "join".equals(room.membership()) || view != null && !"invite".equals(room.membership())
                && !"knock".equals(room.membership());
        boolean initial = sent == null || !sent.membership().equals(room.membership()) || config.widens(sent.config());
        ObjectNode out = F.objectNode();
        if (!joinedOrLeft) {
            if (!initial) {
                return null; // an invite or knock changes only with a new membership event
            }
            out.put("initial", true);
            out.put("membership", room.membership());
            out.put("bump_stamp", room.bumpStamp());
            out.set(unstableShape ? "invite_state" : "stripped_state",
                    stripped(StrippedState.of(events, room.roomId(), room.membershipEvent())));
            return new Result(out, new ConnectionState.SentRoom(upTo, room.membership(), config, 0, 0, dm), true);
        }
        if (!initial && !"join".equals(room.membership())) {
            return null; // a room left is sent once, up to the leaving
        }
        long roomUpTo = room.membershipEvent() == null ? upTo : Math.min(upTo, room.membershipEvent().streamPosition());
        long since = initial ? 0 : sent.upTo();
        SyncTimeline timeline = SyncTimeline.of(events, recent, view, since, roomUpTo, config.timelineLimit(), ignored);
        Map<StateKey, String> state = fromMemory ? lazyState(room.roomId(), config.requiredState(), timeline.events())
                : view == null ? Map.of() : access.state(view);
        // Member counts of a room left would tell what happened after the leaving: joined rooms only.
        Map<String, String> memberships = fromMemory || !"join".equals(room.membership()) ? null
                : this.memberships.containsKey(room.roomId()) ? this.memberships.get(room.roomId())
                : events.memberships(room.roomId());
        int joined = fromMemory ? sent.joined() : memberships == null ? 0 : count(memberships, "join");
        int invited = fromMemory ? sent.invited() : memberships == null ? 0 : count(memberships, "invite");
        boolean countsChanged = memberships != null && (initial || joined != sent.joined() || invited != sent.invited());
        // One read for the required state, the name and the avatar.
        Set<String> ids = requiredIds(state, config.requiredState(), timeline.events(), since, !timeline.limited());
        String nameId = state.get(new StateKey("m.room.name", ""));
        String avatarId = state.get(new StateKey("m.room.avatar", ""));
        Set<String> toRead = new HashSet<>(ids);
        if (nameId != null) {
            toRead.add(nameId);
        }
        if (avatarId != null) {
            toRead.add(avatarId);
        }
        Map<String, StoredEvent> read = new HashMap<>();
        events.events(toRead).forEach(e -> read.put(e.eventId(), e));
        // state that resolution changed other than by the timeline holds events older than since
        boolean broken = !initial && breaks.brokeIn(room.roomId(), since, roomUpTo);
        List<StoredEvent> required = requiredState(ids, read, config.requiredState(), timeline.events(), since,
                !timeline.limited(), broken);
        if (!initial && timeline.events().isEmpty() && required.isEmpty() && !countsChanged && dm == sent.dm()) {
            return null;
        }
        if (initial) {
            out.put("initial", true);
        }
        if (sent != null && sent.membership().equals(room.membership()) && config.timelineLimit() > sent.config().timelineLimit()
                && timeline.events().size() > sent.config().timelineLimit()) {
            // Sent again with more history than before ("Changes to timeline_limit").
            out.put(unstableShape ? "unstable_expanded_timeline" : "expanded_timeline", true);
        }
        out.put("membership", room.membership());
        out.put("bump_stamp", room.bumpStamp());
        StoredEvent name = nameId == null ? null : read.get(nameId);
        if (name != null && (initial || name.streamPosition() > since)) {
            out.set("name", nonEmpty(StoredContent.text(name, "name")));
        }
        StoredEvent avatar = avatarId == null ? null : read.get(avatarId);
        if (avatar != null && (initial || avatar.streamPosition() > since)) {
            out.set("avatar", nonEmpty(StoredContent.text(avatar, "url")));
        }
        if (countsChanged) {
            out.put("joined_count", joined);
            out.put("invited_count", invited);
            if (name == null || StoredContent.text(name, "name") == null) {
                out.set("heroes", heroes(memberships, state));
            }
        }
        if (dm || (!initial && sent.dm())) {
            out.put("is_dm", dm);
        }
        ArrayNode requiredJson = out.putArray("required_state");
        required.forEach(e -> requiredJson.add(ClientEvents.written(e, false)));
        ArrayNode timelineJson = out.putArray("timeline");
        // a read only when the timeline holds events from before the user joined (ErasedSenders)
        for (StoredEvent e : view == null ? timeline.events() : erased.served(view, timeline.events())) {
            ObjectNode event = ClientEvents.written(e, false);
            if (e.sender().equals(user.toString())) {
                own.add(new Own(e, event));
            }
            timelineJson.add(event);
        }
        out.put("limited", timeline.limited());
        int live = 0;
        for (StoredEvent e : timeline.events()) {
            live += liveSince > 0 && e.streamPosition() > liveSince ? 1 : 0;
        }
        out.put("num_live", live);
        long start = timeline.events().isEmpty() ? roomUpTo : timeline.events().get(0).streamPosition() - 1;
        out.put("prev_batch", StreamToken.of(start));
        return new Result(out, new ConnectionState.SentRoom(upTo, room.membership(), config, joined, invited, dm),
                initial);
    }

    private static ArrayNode stripped(List<StoredEvent> state) {
        ArrayNode out = F.arrayNode();
        state.forEach(e -> out.add(ClientEvents.stripped(e)));
        return out;
    }

    /** An event of the user's in a timeline built, as stored and as sent. */
    private record Own(StoredEvent stored, ObjectNode sent) {}

    /**
     * Gives the events the device sent in the timelines built their transaction IDs, read at
     * once for all rooms: the device matches its local echo by them (Client-Server API,
     * "Transaction identifiers").
     */
    void addTransactionIds() {
        Map<String, String> txnIds = SyncTimeline.transactionIds(events, user, deviceId,
                List.of(own.stream().map(Own::stored).toList()));
        for (Own e : own) {
            String txnId = txnIds.get(e.stored().eventId());
            if (txnId != null) {
                ((ObjectNode) e.sent().get("unsigned")).put("transaction_id", txnId);
            }
        }
        own.clear();
    }

    /** A room's result and what the connection then has of it. */
    record Result(ObjectNode json, ConnectionState.SentRoom sent, boolean initial) {}

    /**
     * The state the config asks for, set after {@code since}; lazy members: the memberships of
     * the timeline's senders and targets, and in a gapless increment every membership changed.
     */
    private Set<String> requiredIds(Map<StateKey, String> state, RequiredState wanted, List<StoredEvent> timeline,
                                    long since, boolean gapless) {
        String me = user.toString();
        Set<String> lazy = lazyMembers(wanted, timeline);
        boolean lazyAll = wanted.lazyMembers() && since > 0 && gapless;
        Set<String> ids = new HashSet<>();
        state.forEach((key, eventId) -> {
            boolean member = RequiredState.MEMBER.equals(key.type());
            if (wanted.wants(key.type(), key.stateKey(), me) || member && (lazy.contains(key.stateKey()) || lazyAll)) {
                ids.add(eventId);
            }
        });
        return ids;
    }

    /**
     * Of the current state, what {@link #requiredIds} can pick when no state changed since the
     * client had the room: the lazy-loaded memberships of the timeline's senders.
     */
    private Map<StateKey, String> lazyState(String roomId, RequiredState wanted, List<StoredEvent> timeline) {
        Map<StateKey, String> out = new HashMap<>();
        for (String member : lazyMembers(wanted, timeline)) {
            events.currentStateEvent(roomId, RequiredState.MEMBER, member)
                    .ifPresent(id -> out.put(new StateKey(RequiredState.MEMBER, member), id));
        }
        return out;
    }

    /**
     * Of the events {@link #requiredIds} picked, those to send, oldest first: after a state break
     * ({@link StateBreaks}) every one asked for by type, the connection not knowing which it lacks.
     */
    private List<StoredEvent> requiredState(Set<String> ids, Map<String, StoredEvent> read, RequiredState wanted,
                                            List<StoredEvent> timeline, long since, boolean gapless,
                                            boolean broken) {
        String me = user.toString();
        Set<String> lazy = lazyMembers(wanted, timeline);
        boolean lazyAll = wanted.lazyMembers() && since > 0 && gapless;
        List<StoredEvent> out = new ArrayList<>();
        for (String id : ids) {
            StoredEvent e = read.get(id);
            if (e == null) {
                continue;
            }
            boolean changed = since == 0 || e.streamPosition() > since;
            boolean include = wanted.wants(e.type(), e.stateKey(), me) ? changed || broken
                    : lazy.contains(e.stateKey()) || lazyAll && changed;
            if (include) {
                out.add(e);
            }
        }
        out.sort((a, b) -> Long.compare(a.streamPosition(), b.streamPosition()));
        return out;
    }

    /** The users whose memberships lazy loading adds: the timeline's senders and membership targets. */
    private static Set<String> lazyMembers(RequiredState wanted, List<StoredEvent> timeline) {
        Set<String> lazy = new HashSet<>();
        if (wanted.lazyMembers() && !wanted.allMembers()) {
            for (StoredEvent e : timeline) {
                lazy.add(e.sender());
                if (RequiredState.MEMBER.equals(e.type()) && e.stateKey() != null) {
                    lazy.add(e.stateKey());
                }
            }
        }
        return lazy;
    }

    /** Joined members first, then invited, by user ID, without the user (MSC4186 {@code Hero}). */
    private ArrayNode heroes(Map<String, String> memberships, Map<StateKey, String> state) {
        List<String> picked = new ArrayList<>();
        for (String wanted : List.of("join", "invite", "leave")) {
            new TreeMap<>(memberships).forEach((member, membership) -> {
                if (picked.size() < MAX_HEROES && wanted.equals(membership) && !member.equals(user.toString())) {
                    picked.add(member);
                }
            });
        }
        List<String> ids = new ArrayList<>();
        picked.forEach(u -> {
            String id = state.get(new StateKey(RequiredState.MEMBER, u));
            if (id != null) {
                ids.add(id);
            }
        });
        Map<String, JsonNode> contents = new HashMap<>();
        events.events(ids).forEach(e -> contents.put(e.stateKey(), content(e)));
        ArrayNode out = F.arrayNode();
        for (String u : picked) {
            ObjectNode hero = out.addObject().put("user_id", u);
            JsonNode content = contents.getOrDefault(u, F.objectNode());
            if (content.path("displayname").isTextual()) {
                hero.put("displayname", content.get("displayname").asText());
            }
            if (content.path("avatar_url").isTextual()) {
                hero.put("avatar_url", content.get("avatar_url").asText());
            }
        }
        return out;
    }

    private static JsonNode content(StoredEvent e) {
        return Json.stored(e.json()).path("content");
    }

    private static JsonNode nonEmpty(String value) {
        return value == null || value.isEmpty() ? F.nullNode() : F.textNode(value);
    }

    private static int count(Map<String, String> memberships, String membership) {
        int n = 0;
        for (String m : memberships.values()) {
            n += membership.equals(m) ? 1 : 0;
        }
        return n;
    }
}
