package org.hearth.core.internal.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.RecentEvents;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.StateBefore;
import org.hearth.core.internal.rooms.StateBreaks;
import org.hearth.core.internal.rooms.StoredContent;
import org.hearth.core.internal.sync.SyncResponse.Summary;
import org.hearth.core.internal.sync.SyncResponse.Timeline;

/**
 * The per-room parts of a sync: timeline and state, summary.
 *
 * <p>The state section ("Syncing", and Synapse where the spec is silent) holds the state at the
 * start of the timeline that the client lacks: all of it when the sync is full for the room
 * (initial, {@code full_state}, newly joined); in a gapped (limited) incremental sync, what
 * changed between the token and the start of the timeline; nothing otherwise, the timeline
 * carrying the changes. When state resolution changed the room's state other than by its
 * timeline since the token ({@link StateBreaks}), limited or not, it holds what the room's current
 * state has that the client lacks: the state before the timeline would be one side of the fork,
 * and the client's state after the sync must be the room's ("Syncing": {@code state} holds the
 * updates between {@code since} and the timeline, whether or not it is limited). A state event of
 * the timeline that resolution did not keep still ends the client's state: the state section
 * comes before the timeline. Events of the timeline are never repeated there. With lazy-loaded members
 * a full sync only sends the members who sent timeline events and the user; every sync adds the
 * member events of timeline senders that this device did not get yet (all of them with
 * {@code include_redundant_members}).
 */
final class RoomSections {
    private static final String MEMBER = "m.room.member";
    private static final StateKey CREATE = new StateKey("m.room.create", "");

    private final EventStore events;
    private final RecentEvents recent;
    private final StateBreaks breaks;
    private final LazyMembersSent lazySent = new LazyMembersSent();

    RoomSections(EventStore events, RecentEvents recent, StateBreaks breaks) {
        this.events = events;
        this.recent = recent;
        this.breaks = breaks;
    }

    /**
     * A room's timeline and the state to send with it, as event IDs: the events are read for all
     * the rooms of a sync at once ({@link #stateEvents}), not once per room.
     *
     * @param view what the user may read of the room; null for a room left that only shows the leaving
     */
    record Section(Timeline timeline, List<String> stateIds, RoomView view) {
        /** The state events, of those read, that passed the state filter. */
        List<StoredEvent> state(Map<String, StoredEvent> read) {
            List<StoredEvent> state = new ArrayList<>(stateIds.size());
            for (String id : stateIds) {
                StoredEvent e = read.get(id);
                if (e != null) {
                    state.add(e);
                }
            }
            return state;
        }
    }

    /** The state events of the sections, by event ID: one read, then the state filter. */
    Map<String, StoredEvent> stateEvents(Collection<Section> sections, SyncFilter filter) {
        Set<String> ids = new LinkedHashSet<>();
        sections.forEach(section -> ids.addAll(section.stateIds()));
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, StoredEvent> read = new HashMap<>();
        for (StoredEvent e : events.events(ids)) {
            if (filter.state().matches(e)) {
                read.put(e.eventId(), e);
            }
        }
        return read;
    }

    /**
     * A room's timeline, its state still to work out: that is done for all the rooms of a sync at
     * once ({@link #sections}), so that what each needs is read in one statement for all.
     */
    record Pending(String roomId, RoomView view, SyncTimeline page, long since, long upTo, boolean full,
                   boolean stateBroken) {
        boolean needsState(SyncFilter filter) {
            return view != null && (full || gapped() || filter.lazyLoadMembers());
        }

        /** Whether the state section carries what changed since the token: a gap or a state break. */
        boolean gapped() {
            return page.limited() || stateBroken;
        }
    }

    /**
     * The timeline of one room: the events in (since, upTo] the user may see (history
     * visibility; none when {@code view} is null, a room the user may read nothing of) that pass
     * the timeline filter; {@code full} when the client gets the room's whole state.
     */
    Pending timeline(RoomView view, String roomId, SyncService.Request request, long since, long upTo,
                     boolean full, IgnoredUsers.Ignored ignored) {
        SyncFilter filter = request.filter();
        SyncTimeline page = SyncTimeline.of(events, recent, view, since, upTo, filter.timelineLimit(),
                e -> filter.timeline().matches(e) && ignored.test(e));
        boolean broken = !full && since >= 0 && breaks.brokeIn(roomId, since, upTo);
        return new Pending(roomId, view, page, since, upTo, full, broken);
    }

    /** The rooms' sections: the state groups before their timelines are read in one statement. */
    <K> Map<K, Section> sections(Map<K, Pending> rooms, SyncService.Request request) {
        List<String> firstEvents = new ArrayList<>();
        for (Pending room : rooms.values()) {
            if (room.needsState(request.filter()) && !room.page().events().isEmpty()) {
                firstEvents.add(room.page().events().get(0).eventId());
            }
        }
        Map<String, Long> groupsBefore = firstEvents.isEmpty() ? Map.of() : events.stateGroupsBefore(firstEvents);
        Map<K, Section> sections = new LinkedHashMap<>();
        rooms.forEach((key, room) -> sections.put(key, section(room, request, groupsBefore)));
        return sections;
    }

    private Section section(Pending room, SyncService.Request request, Map<String, Long> groupsBefore) {
        UserId user = request.user();
        SyncFilter filter = request.filter();
        SyncTimeline page = room.page();
        String roomId = room.roomId();
        List<StoredEvent> timeline = page.events();
        boolean limited = page.limited();
        Set<String> inTimeline = new HashSet<>();
        Set<String> senders = new LinkedHashSet<>();
        for (StoredEvent e : timeline) {
            inTimeline.add(e.eventId());
            senders.add(e.sender());
        }
        // A room the client gets afresh (initial sync, full_state, new join) whose whole visible
        // history fits the timeline: prev_batch is the timeline's end, as Synapse's is, so paging
        // back from it serves that history again (clients and SyTest page back from it expecting
        // events) rather than an empty page below the room's first event.
        long start = timeline.isEmpty() || (room.full() && !limited) ? room.upTo()
                : timeline.get(0).streamPosition() - 1;
        List<String> state = !room.needsState(filter) ? List.of() : state(roomId, request, timeline, inTimeline,
                senders, room.since(), room.upTo(), room.full(), room.gapped(), room.stateBroken(), groupsBefore);
        // A room read from its beginning in an incremental sync (joined, peeked or completed since the
        // token) is limited even when its whole history fits: the client has no timeline of it that
        // this one continues, so it starts one afresh ("Syncing"; Synapse: "limited or newly_joined_room").
        // prev_batch stays as for any room the client gets afresh.
        boolean afresh = room.full() && room.since() < 0 && request.since() != null && !request.fullState();
        // Transaction IDs are read for the whole sync at once (SyncService).
        return new Section(new Timeline(timeline, Map.of(), limited || afresh, start), state, room.view());
    }

    /**
     * A room the user left without ever having joined (an invite rejected, a knock withdrawn): it
     * may read nothing of it but its own membership event, which tells the client why it left.
     */
    static Pending ownMembership(StoredEvent membership) {
        return new Pending(membership.roomId(), null, new SyncTimeline(List.of(membership), false), -1,
                membership.streamPosition(), false, false);
    }

    private List<String> state(String roomId, SyncService.Request request, List<StoredEvent> timeline,
                                    Set<String> inTimeline, Set<String> senders, long since, long upTo,
                                    boolean full, boolean gapped, boolean broken, Map<String, Long> groupsBefore) {
        SyncFilter filter = request.filter();
        boolean lazy = filter.lazyLoadMembers();
        String user = request.user().toString();
        // after a break, the current state: events stored after upTo in it come again in the next timeline
        Map<StateKey, String> atStart = broken ? events.currentState(roomId)
                : stateAtStart(roomId, timeline, upTo, groupsBefore);
        Map<StateKey, String> atSince = full || !gapped ? Map.of() : StateBefore.atPosition(events, roomId, since);
        Set<String> memberIds = new LinkedHashSet<>();
        List<String> ids = new ArrayList<>();
        atStart.forEach((key, eventId) -> {
            boolean member = MEMBER.equals(key.type());
            boolean missing = full || gapped && !Objects.equals(atSince.get(key), eventId);
            // a full lazy sync sends only the members it needs; the gap's member changes always go
            boolean needed = !member || !lazy || !full || senders.contains(key.stateKey()) || user.equals(key.stateKey());
            if (missing && needed && !inTimeline.contains(eventId) && filter.state().matches(key.type(), null)) {
                ids.add(eventId);
                if (member) {
                    memberIds.add(eventId);
                }
            }
        });
        if (lazy) {
            String device = String.valueOf(request.deviceId());
            for (String sender : senders) {
                String eventId = atStart.get(new StateKey(MEMBER, sender));
                if (eventId != null && !memberIds.contains(eventId) && !inTimeline.contains(eventId)
                        && (filter.includeRedundantMembers() || !lazySent.wasSent(user, device, roomId, eventId))
                        && filter.state().matches(MEMBER, null)) {
                    ids.add(eventId);
                    memberIds.add(eventId);
                }
            }
            for (StoredEvent e : timeline) {
                if (MEMBER.equals(e.type())) {
                    memberIds.add(e.eventId()); // the device has these too
                }
            }
            lazySent.record(user, device, roomId, memberIds, full);
        }
        return ids;
    }

    /**
     * The state before the timeline. An invite received from another server before this server
     * was in the room has no room state before it (it was kept as the room's only state), so a
     * timeline starting there takes the state before its first event that has the room's own
     * (the join's, which holds the invite too): else a client that just joined would see no other
     * member.
     */
    private Map<StateKey, String> stateAtStart(String roomId, List<StoredEvent> timeline, long upTo,
                                               Map<String, Long> groupsBefore) {
        for (StoredEvent e : timeline) {
            if (CREATE.type().equals(e.type()) && "".equals(e.stateKey())) {
                return Map.of(); // the room begins here: nothing before it, nothing to read
            }
            Long group = groupsBefore.get(e.eventId());
            Map<StateKey, String> before = group != null ? events.state(group) : StateBefore.of(events, e);
            if (before.containsKey(CREATE)) {
                return before;
            }
        }
        return StateBefore.atPosition(events, roomId, upTo);
    }

    /**
     * The rooms' summaries: up to five heroes (joined or invited, not the user), member counts.
     * A few reads for all the rooms of a sync, not a few per room.
     */
    Map<String, Summary> summaries(Collection<String> roomIds, UserId user) {
        if (roomIds.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, String>> members = events.memberships(roomIds);
        Set<String> named = named(roomIds);
        Map<String, Summary> summaries = new HashMap<>();
        for (String roomId : roomIds) {
            int joined = 0;
            int invited = 0;
            List<UserId> heroes = new ArrayList<>();
            for (Map.Entry<String, String> m : new TreeMap<>(members.get(roomId)).entrySet()) {
                boolean isJoined = "join".equals(m.getValue());
                boolean isInvited = "invite".equals(m.getValue());
                joined += isJoined ? 1 : 0;
                invited += isInvited ? 1 : 0;
                if ((isJoined || isInvited) && !m.getKey().equals(user.toString()) && heroes.size() < 5) {
                    UserId.parse(m.getKey()).ifPresent(heroes::add);
                }
            }
            summaries.put(roomId, new Summary(named.contains(roomId) ? null : heroes, joined, invited));
        }
        return summaries;
    }

    /**
     * Of the rooms, those with a name or a canonical alias: then clients need no heroes to name it
     * ("m.heroes ... Required if the room's m.room.name or m.room.canonical_alias state events
     * are unset or empty"; Synapse leaves them out otherwise).
     */
    private Set<String> named(Collection<String> roomIds) {
        Map<String, String> names = events.currentStateEvents(roomIds, "m.room.name", "");
        Map<String, String> aliases = events.currentStateEvents(roomIds, "m.room.canonical_alias", "");
        List<String> ids = new ArrayList<>(names.values());
        ids.addAll(aliases.values());
        Map<String, StoredEvent> read = new HashMap<>();
        events.events(ids).forEach(e -> read.put(e.eventId(), e));
        Set<String> named = new HashSet<>();
        for (String roomId : roomIds) {
            if (nonEmpty(read.get(names.get(roomId)), "name") || nonEmpty(read.get(aliases.get(roomId)), "alias")) {
                named.add(roomId);
            }
        }
        return named;
    }

    private static boolean nonEmpty(StoredEvent event, String field) {
        if (event == null) {
            return false;
        }
        String value = StoredContent.text(event, field);
        return value != null && !value.isEmpty();
    }
}
