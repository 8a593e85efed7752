package org.hearth.core.internal.rooms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.osgi.service.component.annotations.Component;

/**
 * The latest events of the rooms written lately, as the write path stored them, so that the
 * {@code /sync} polls an event wakes read their timelines from memory instead of the database.
 *
 * <p>A room's entry holds every event of the room after its {@code from} position, at most
 * {@value #PER_ROOM}; older ones are dropped and {@code from} moves up. It answers a range only
 * when it is sure to hold all of it: the range starts at or after {@code from} and no write to the
 * room is under way (one may have committed events the entry does not have yet). Only
 * {@link RoomWriter} fills it, under the room's lock, so a room's events come in stream order;
 * what it cannot follow exactly (events received from other servers, which may be stored
 * rejected or already redacted; redactions, which change stored events) drops the room's entry,
 * and its next event starts a new one. The entries weigh at most {@value #MAX_CHARS} characters
 * of event JSON in all; an event larger than {@value #MAX_EVENT_CHARS} is not kept (its room
 * restarts after it).
 *
 * <p>It also logs the room of every event stored since the server started, by stream position (the
 * last {@value #MAX_LOGGED}), so that which of a user's rooms changed in a range is found from the
 * few events in the range, not by a look at each of the user's thousands of rooms.
 */
@Component(service = RecentEvents.class)
public class RecentEvents {
    static final int PER_ROOM = 32;
    private static final String MEMBER = "m.room.member";
    private static final String CREATE = "m.room.create";
    static final int MAX_EVENT_CHARS = 16_384;
    static final long MAX_CHARS = 16_000_000;

    /** All the room's events at positions above {@code from}, oldest first. */
    private record Entry(long from, List<StoredEvent> events, int chars) {}

    private final Cache<String, Entry> rooms = Caffeine.newBuilder().maximumWeight(MAX_CHARS)
            .weigher((String room, Entry e) -> e.chars()).executor(Runnable::run).build();
    /** The writes under way, by room: their events may be committed and not here yet. */
    private final ConcurrentHashMap<String, Integer> writing = new ConcurrentHashMap<>();
    static final int MAX_LOGGED = 50_000;
    /** The room of each event stored lately, by stream position; the rooms being written excepted, complete above {@link #loggedAfter}. */
    private final ConcurrentSkipListMap<Long, String> log = new ConcurrentSkipListMap<>();
    /**
     * The log holds every event stored at a position above this one: the first event logged, as
     * every event stored since the start is logged (those committed before it have lower
     * positions); no position once a write failed, whose events may have been committed unseen.
     */
    private final AtomicLong loggedAfter = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger logSize = new AtomicInteger(); // the skip list counts by walking
    private volatile boolean lost;

    /** A write to the rooms begins: until {@link #written}, their entries answer nothing. */
    void writing(Collection<String> roomIds) {
        roomIds.forEach(r -> writing.merge(r, 1, Integer::sum));
    }

    /** The write that {@link #writing} announced ended (committed, and its events added, or failed). */
    void written(Collection<String> roomIds) {
        roomIds.forEach(r -> writing.computeIfPresent(r, (k, n) -> n == 1 ? null : n - 1));
    }

    /** Whether a write to the room is under way: it may have committed events not followed yet. */
    boolean writingTo(String roomId) {
        return writing.containsKey(roomId);
    }

    /** An event of the room was stored at its position, after every earlier one of the room. */
    void stored(StoredEvent event) {
        rooms.asMap().compute(event.roomId(), (room, entry) -> {
            if (event.json().length() > MAX_EVENT_CHARS) {
                return new Entry(event.streamPosition(), List.of(), 0);
            }
            List<StoredEvent> events = new ArrayList<>(entry == null ? List.of() : entry.events());
            // A room's create event has nothing of the room before it: the entry holds the whole room.
            long from = entry != null ? entry.from()
                    : CREATE.equals(event.type()) && "".equals(event.stateKey()) ? Long.MIN_VALUE
                    : event.streamPosition() - 1;
            int chars = entry == null ? 0 : entry.chars();
            events.add(event);
            chars += event.json().length();
            while (events.size() > PER_ROOM) {
                StoredEvent dropped = events.remove(0);
                from = dropped.streamPosition();
                chars -= dropped.json().length();
            }
            return new Entry(from, List.copyOf(events), chars);
        });
    }

    /** An event of the room was stored at this position (one of the room's, or received: any event that is not history). */
    void logged(String roomId, long position) {
        if (lost) {
            return;
        }
        if (log.put(position, roomId) == null && logSize.incrementAndGet() > MAX_LOGGED) {
            Map.Entry<Long, String> oldest = log.firstEntry();
            // Readers check the bound after reading the log: raised first, a range it no longer holds is not answered.
            loggedAfter.accumulateAndGet(oldest.getKey(), Math::max);
            if (log.remove(oldest.getKey(), oldest.getValue())) {
                logSize.decrementAndGet();
            }
        }
        if (loggedAfter.compareAndSet(Long.MAX_VALUE, position - 1) && lost) {
            loggedAfter.set(Long.MAX_VALUE); // a write failed meanwhile
        }
    }

    /** A write to the rooms failed: the store may have committed events that nobody followed. */
    void failed(Collection<String> roomIds) {
        lost = true;
        loggedAfter.set(Long.MAX_VALUE);
        roomIds.forEach(this::forget);
    }

    /** Drops the room's entry: it holds something the store changed or may have stored differently. */
    void forget(String roomId) {
        rooms.invalidate(roomId);
    }

    /**
     * Of the rooms, those with an event in (after, upTo], in their order: known here, or read from
     * the store for the others, in one read.
     */
    public List<String> roomsChanged(EventStore store, Collection<String> roomIds, long after, long upTo) {
        if (upTo <= after) {
            return List.of();
        }
        Set<String> changed = loggedIn(store, roomIds, after, upTo);
        if (changed != null) {
            return changed.isEmpty() ? List.of() : roomIds.stream().filter(changed::contains).toList();
        }
        changed = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String roomId : roomIds) {
            Boolean known = changed(roomId, after, upTo);
            if (known == null) {
                unknown.add(roomId);
            } else if (known) {
                changed.add(roomId);
            }
        }
        if (!unknown.isEmpty()) {
            changed.addAll(store.roomsChanged(unknown, after, upTo));
        }
        return changed.isEmpty() ? List.of() : roomIds.stream().filter(changed::contains).toList();
    }

    /**
     * Whether every stream position in (after, upTo] is an event of the log: then nothing else
     * that takes positions from the same counter (receipts, account data, completions of partial
     * state) changed in that range, and a sync need not ask the store for them. False whenever
     * unsure: a range the log does not hold, an event committed and not logged yet, a position a
     * failed write used up.
     */
    public boolean onlyEventsIn(long after, long upTo) {
        if (upTo <= after) {
            return true;
        }
        if (after < loggedAfter.get() || upTo - after > MAX_LOGGED) {
            return false;
        }
        int logged = log.subMap(after, false, upTo, true).size();
        return after >= loggedAfter.get() && logged == upTo - after;
    }

    /**
     * From the log, the rooms with an event in (after, upTo], any of the rooms being written
     * among them (asked of the store, as their events may be committed and not logged yet); null
     * when the log does not hold the whole range.
     */
    private Set<String> loggedIn(EventStore store, Collection<String> roomIds, long after, long upTo) {
        if (after < loggedAfter.get()) {
            return null;
        }
        // Writes first: a write that ended after this look has logged its events before the log is read.
        List<String> beingWritten = writing.isEmpty() ? List.of() : roomIds.stream().filter(this::writingTo).toList();
        Set<String> changed = new HashSet<>(log.subMap(after, false, upTo, true).values());
        if (after < loggedAfter.get()) {
            return null; // the range was dropped from the log while it was read
        }
        if (!beingWritten.isEmpty()) {
            changed.addAll(store.roomsChanged(beingWritten, after, upTo));
        }
        return changed;
    }

    /**
     * Whether the room has an event in (after, upTo], null when not all of the range is known
     * here ({@link #between}), without collecting them: a look at the newest events, as most
     * rooms a sync asks about have none.
     */
    private Boolean changed(String roomId, long after, long upTo) {
        if (writingTo(roomId)) {
            return null;
        }
        Entry entry = rooms.getIfPresent(roomId);
        if (entry == null || entry.from() > after) {
            return null;
        }
        List<StoredEvent> events = entry.events();
        for (int i = events.size() - 1; i >= 0 && events.get(i).streamPosition() > after; i--) {
            if (events.get(i).streamPosition() <= upTo) {
                return true;
            }
        }
        return false;
    }

    /**
     * The membership events of the rooms in (after, upTo], oldest first: known here, or read from
     * the store for the others, in one read.
     */
    public List<StoredEvent> memberEvents(DeviceListStore store, Collection<String> roomIds, long after, long upTo) {
        List<StoredEvent> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String roomId : roomIds) {
            Optional<List<StoredEvent>> events = between(roomId, after, upTo);
            if (events.isEmpty()) {
                unknown.add(roomId);
            } else {
                events.get().stream().filter(e -> MEMBER.equals(e.type())).forEach(found::add);
            }
        }
        if (!unknown.isEmpty()) {
            found.addAll(store.memberEvents(unknown, after, upTo));
        }
        found.sort(Comparator.comparingLong(StoredEvent::streamPosition));
        return found;
    }

    /**
     * The room's events at positions in (after, upTo], oldest first, when all of them are known
     * here; empty when the database must be asked.
     */
    public Optional<List<StoredEvent>> between(String roomId, long after, long upTo) {
        return newest(roomId, after, upTo).filter(known -> known.after() == after).map(Known::events);
    }

    /**
     * The newest events of a room known here.
     *
     * @param after  every event of the room in (after, upTo] is in {@code events}
     * @param events oldest first
     */
    public record Known(long after, List<StoredEvent> events) {}

    /**
     * Of the room's events at positions in (after, upTo], the newest known here: all of those
     * after {@link Known#after()}, which is {@code after} when all of the range is known. Empty
     * when nothing of the range can be answered from here.
     */
    public Optional<Known> newest(String roomId, long after, long upTo) {
        // Writes first: a write that ended after this look has added its events to the entry read next.
        if (writingTo(roomId)) {
            return Optional.empty();
        }
        Entry entry = rooms.getIfPresent(roomId);
        if (entry == null || entry.from() > after && entry.from() >= upTo) {
            return Optional.empty();
        }
        long known = Math.max(after, entry.from());
        return Optional.of(new Known(known, entry.events().stream()
                .filter(e -> e.streamPosition() > known && e.streamPosition() <= upTo).toList()));
    }
}
