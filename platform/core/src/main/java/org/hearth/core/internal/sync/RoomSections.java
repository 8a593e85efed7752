package org.hearth.core.internal.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.StateBefore;
import org.hearth.core.internal.sync.SyncResponse.Summary;
import org.hearth.core.internal.sync.SyncResponse.Timeline;

/** The per-room parts of a sync: timeline and state, summary. */
final class RoomSections {
    private final EventStore events;

    RoomSections(EventStore events) {
        this.events = events;
    }

    /** A room's timeline and the state to send with it. */
    record Section(Timeline timeline, List<StoredEvent> state) {}

    /**
     * Timeline and state of one room: the events in (since, upTo] the user may see (history
     * visibility; none when {@code view} is null, a room the user may read nothing of). The state
     * at the start of the timeline comes with it when asked for or when the timeline is limited.
     */
    Section section(RoomView view, String roomId, SyncService.Request request, long since, long upTo,
                    boolean withState, IgnoredUsers.Ignored ignored) {
        UserId user = request.user();
        SyncFilter filter = request.filter();
        SyncTimeline page = SyncTimeline.of(events, view, since, upTo, filter.timelineLimit(), ignored);
        List<StoredEvent> timeline = page.events();
        boolean limited = page.limited();
        Set<String> inTimeline = new HashSet<>();
        Set<String> senders = new HashSet<>();
        senders.add(user.toString());
        for (StoredEvent e : timeline) {
            inTimeline.add(e.eventId());
            senders.add(e.sender());
        }
        Map<String, String> txnIds = page.transactionIds(events, user, request.deviceId());
        long start = timeline.isEmpty() ? upTo : timeline.get(0).streamPosition() - 1;

        List<StoredEvent> state = List.of();
        if (withState || limited) {
            Map<StateKey, String> atStart = timeline.isEmpty() ? events.currentState(roomId)
                    : StateBefore.of(events, timeline.get(0));
            List<String> ids = new ArrayList<>();
            atStart.forEach((key, eventId) -> {
                boolean member = "m.room.member".equals(key.type());
                if (!inTimeline.contains(eventId)
                        && (!member || !filter.lazyLoadMembers() || senders.contains(key.stateKey()))) {
                    ids.add(eventId);
                }
            });
            state = events.events(ids);
        }
        return new Section(new Timeline(timeline, txnIds, limited, start), state);
    }

    /** The room summary: up to five heroes (joined or invited, not the user), member counts. */
    Summary summary(String roomId, UserId user) {
        int joined = 0;
        int invited = 0;
        List<UserId> heroes = new ArrayList<>();
        for (Map.Entry<String, String> m : new TreeMap<>(events.memberships(roomId)).entrySet()) {
            boolean isJoined = "join".equals(m.getValue());
            boolean isInvited = "invite".equals(m.getValue());
            joined += isJoined ? 1 : 0;
            invited += isInvited ? 1 : 0;
            if ((isJoined || isInvited) && !m.getKey().equals(user.toString()) && heroes.size() < 5) {
                UserId.parse(m.getKey()).ifPresent(heroes::add);
            }
        }
        return new Summary(heroes, joined, invited);
    }
}
