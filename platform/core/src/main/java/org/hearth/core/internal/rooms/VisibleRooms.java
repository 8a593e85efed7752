package org.hearth.core.internal.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Membership;
import org.hearth.api.room.RoomViews;
import org.hearth.api.room.Viewer;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.core.internal.event.RoomEvents;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link RoomViews} for bundles: what {@link RoomAccess} lets the viewer read (history visibility),
 * the same answer and the same code as the client endpoints. {@link Viewer#EVERYTHING} reads the
 * whole room; a {@link Viewer.Server} what any of its users may. Events of erased users come as
 * the viewer is served them ({@link ErasedSenders}).
 */
@Component
public class VisibleRooms implements RoomViews {
    private static final int MAX_PAGE = 1000;

    private final EventStore events;
    private final RoomStore rooms;
    private final RoomAccess access;
    private final ErasedSenders erased;

    @Activate
    public VisibleRooms(@Reference EventStore events, @Reference RoomStore rooms, @Reference RoomAccess access,
                        @Reference ErasedSenders erased) {
        this.erased = erased;
        this.events = events;
        this.rooms = rooms;
        this.access = access;
    }

    @Override
    public Optional<String> roomVersion(RoomId room) {
        return rooms.room(room.value()).map(Room::version);
    }

    @Override
    public Optional<RoomEvent> event(Viewer viewer, RoomId room, EventId event) throws MatrixException {
        RoomView view = access.view(viewer, room.value());
        return events.event(event.value()).filter(view::allows).map(e -> RoomEvents.of(erased.served(view, e)));
    }

    @Override
    public List<RoomEvent> state(Viewer viewer, RoomId room) throws MatrixException {
        return events.events(new ArrayList<>(access.state(access.view(viewer, room.value())).values())).stream()
                .map(RoomEvents::of).toList();
    }

    @Override
    public Optional<RoomEvent> stateEvent(Viewer viewer, RoomId room, String type, String stateKey)
            throws MatrixException {
        String id = access.state(access.view(viewer, room.value())).get(new StateKey(type, stateKey));
        return id == null ? Optional.empty() : events.event(id).map(RoomEvents::of);
    }

    @Override
    public Map<UserId, Membership> members(Viewer viewer, RoomId room) throws MatrixException {
        List<String> ids = new ArrayList<>();
        access.state(access.view(viewer, room.value())).forEach((key, id) -> {
            if ("m.room.member".equals(key.type())) {
                ids.add(id);
            }
        });
        Map<UserId, Membership> out = new HashMap<>();
        for (StoredEvent e : events.events(ids)) {
            Optional<UserId> user = UserId.parse(e.stateKey());
            Optional<Membership> membership = Membership.parse(RoomEvents.of(e).content().path("membership").asText());
            if (user.isPresent() && membership.isPresent()) {
                out.put(user.get(), membership.get());
            }
        }
        return out;
    }

    @Override
    public List<RoomEvent> messages(Viewer viewer, RoomId room, long from, boolean backwards, int limit)
            throws MatrixException {
        RoomView view = access.view(viewer, room.value());
        int count = Math.max(1, Math.min(limit, MAX_PAGE));
        long start = backwards ? (from == Long.MAX_VALUE ? Long.MAX_VALUE : from - 1) : from;
        long bound = backwards ? HistoryVisibility.FIRST_POSITION : Long.MAX_VALUE;
        return erased.served(view, VisiblePages.page(events, view, start, bound, backwards, count, e -> true).events())
                .stream().map(RoomEvents::of).toList();
    }

    @Override
    public boolean published(RoomId room) {
        return rooms.room(room.value()).map(Room::published).orElse(false);
    }

    @Override
    public List<RoomId> rooms(UserId user, Set<Membership> memberships) {
        List<String> words = new ArrayList<>();
        memberships.forEach(m -> words.add(m.value()));
        return events.roomsOf(user, words).stream().map(RoomId::new).toList();
    }
}
