package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.ibatis.session.SqlSession;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.NameTakenException;
import org.hearth.api.spi.storage.NewEvent;
import org.hearth.api.spi.storage.PartialStateRoom;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.SearchStore;
import org.hearth.api.spi.storage.StoreException;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.WriteBatch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link EventStore} on the {@link Database}. State groups are deltas with periodic snapshots
 * ({@link StateGroups}); stream positions come from the counter shared with account data
 * ({@link StreamMapper}), taken last for each event of a {@link #write} so that its lock is held
 * briefly.
 */
@Component(service = EventStore.class)
public final class SqlEventStore implements EventStore {
    private final Database database;
    private final StateHistories histories = new StateHistories();
    private final UnreadCountsKept unreadCounts;
    private final PushSlots slots;

    @Activate
    public SqlEventStore(@Reference Database database, @Reference UnreadCountsKept unreadCounts,
                         @Reference PushSlots slots) {
        this.database = database;
        this.unreadCounts = unreadCounts;
        this.slots = slots;
    }

    @Override
    public List<Appended> write(WriteBatch batch) {
        List<String> stateRooms = batch.events().stream().filter(a -> a.event().stateKey() != null)
                .map(WriteBatch.Append::roomId).toList();
        try (WritesUnderWay.Begun writes = histories.begin(stateRooms, !batch.redactions().isEmpty());
             UnreadCountsKept.Write counts = unreadCounts.begin(
                     batch.notifications().stream().map(WriteBatch.Notifications::roomId).toList())) {
            List<Written> written = writeBatch(batch, numbers(batch), counts);
            counts.committed();
            return written.stream().map(w -> new Appended(w.position().get(), w.stateGroup())).toList();
        } catch (StoreException e) {
            throw TakenTransactions.of(batch, e).orElseThrow(() -> e);
        }
    }

    /** An event written, its position known once its rows were sent ({@link DeferredRows}). */
    private record Written(StatementPipeline.Result position, long stateGroup) {}

    /** The numbers of the users the batch notifies, by room, given before its transaction ({@link PushSlots}). */
    private Map<String, PushSlots.Room> numbers(WriteBatch batch) {
        Map<String, PushSlots.Room> numbers = new HashMap<>();
        for (WriteBatch.Notifications n : batch.notifications()) {
            List<String> named = NotificationRows.named(n.notified());
            // the room's last answer naming someone holds the numbers of its earlier ones too: none is taken back
            if (!named.isEmpty() || !numbers.containsKey(n.roomId())) {
                numbers.put(n.roomId(), slots.of(n.roomId(), named));
            }
        }
        return numbers;
    }

    private List<Written> writeBatch(WriteBatch batch, Map<String, PushSlots.Room> numbers,
                                     UnreadCountsKept.Write counts) {
        return database.groupTransaction("EventStore.write", session -> {
            counts.restart(); // a group that failed runs each write again alone
            RoomMapper rooms = session.getMapper(RoomMapper.class);
            EventMapper events = session.getMapper(EventMapper.class);
            for (Room room : batch.rooms()) {
                if (rooms.insert(room) != 1) {
                    throw new NameTakenException(NameTakenException.Kind.ROOM_ID, room.roomId());
                }
            }
            batch.removedAliases().forEach(rooms::deleteAlias);
            for (WriteBatch.Alias alias : batch.addedAliases()) {
                if (rooms.insertAlias(alias.alias(), alias.roomId(), alias.creator()) != 1) {
                    throw new NameTakenException(NameTakenException.Kind.ALIAS, alias.alias());
                }
            }
            List<Written> appended = new ArrayList<>();
            StatementPipeline after = new StatementPipeline(session); // rows that need the events' positions
            Map<String, StatementPipeline.Result> positions = new HashMap<>();
            Map<String, Long> groupAfter = new HashMap<>();
            Map<String, WriteBatch.Notifications> notifications = new HashMap<>();
            batch.notifications().forEach(n -> notifications.put(n.eventId(), n));
            Set<String> notified = new HashSet<>(); // events whose notifications went in their own pipeline
            for (WriteBatch.Append append : batch.events()) {
                long before = append.stateGroupBefore();
                if (before == WriteBatch.Append.AFTER_PREVIOUS) {
                    Long previous = groupAfter.get(append.roomId());
                    if (previous == null) {
                        throw new IllegalArgumentException("no earlier event of " + append.roomId() + " in the batch");
                    }
                    before = previous;
                }
                WriteBatch.Notifications n = notifications.get(append.event().eventId());
                boolean withNotifications = n != null && !append.placement().historic();
                Written one = append(session, after, append, before, withNotifications ? n : null, numbers, counts);
                if (withNotifications) {
                    notified.add(n.eventId());
                }
                if (!stateless(append)) {
                    groupAfter.put(append.roomId(), one.stateGroup());
                }
                appended.add(one);
                positions.put(append.event().eventId(), one.position());
            }
            for (WriteBatch.Notifications n : batch.notifications()) {
                StatementPipeline.Result position = positions.get(n.eventId());
                if (position == null) {
                    throw new IllegalArgumentException("notifications of " + n.eventId() + ", an event not in the batch");
                }
                if (!notified.contains(n.eventId())) {
                    NotificationRows.write(after, n.roomId(), PositionSql.of(position.get()), n.eventId(), n.ts(),
                            n.localSender(), n.notified(), numbers.get(n.roomId()), counts);
                }
            }
            after.send(); // before the redactions: one may forget what this batch indexed
            RelationMapper relations = session.getMapper(RelationMapper.class);
            for (WriteBatch.Redaction redaction : batch.redactions()) {
                events.redact(redaction.eventId(), redaction.redactedJson(), redaction.redactedBy());
                relations.delete(redaction.eventId()); // a redacted child breaks its relationship
                session.getMapper(SearchMapper.class).forget(redaction.eventId());
            }
            batch.published().forEach(rooms::setPublished);
            return appended;
        });
    }

    /**
     * An outlier, or an event rejected without any state before it: no state group. A rejected
     * event whose state before is known keeps it (the state after it is the same), so that events
     * naming it as a prev_event find the state there.
     */
    private static boolean stateless(WriteBatch.Append append) {
        EventPlacement.Status status = append.placement().status();
        return status == EventPlacement.Status.OUTLIER
                || status == EventPlacement.Status.REJECTED && append.stateGroupBefore() == WriteBatch.Append.NO_STATE
                && append.placement().resolvedBefore().isEmpty();
    }

    /**
     * One event inside the batch's transaction: its rows in one {@link StatementPipeline} (one
     * round trip on PostgreSQL, shared with the transaction's other events and its commit: see
     * {@link DeferredRows}) ending with the event itself at the next stream position (see
     * {@link StreamMapper}: taken last, to hold its lock briefly); the rows that need the position
     * as a number go to {@code after}, unless they can name the position the INSERT took
     * ({@link PositionSql#taken}): then they follow it in its pipeline, as {@code notifications}
     * (null: none, or written after) do. An outlier gets no state group; only an accepted event
     * changes the room's current state and forward extremities.
     */
    private Written append(SqlSession session, StatementPipeline after, WriteBatch.Append append,
                           long stateGroupBefore, WriteBatch.Notifications notifications,
                           Map<String, PushSlots.Room> numbers, UnreadCountsKept.Write counts) {
        EventMapper events = session.getMapper(EventMapper.class);
        RoomStateMapper roomState = session.getMapper(RoomStateMapper.class);
        String roomId = append.roomId();
        NewEvent event = append.event();
        EventPlacement placement = append.placement();
        boolean outlier = stateless(append);
        boolean accepted = placement.status() == EventPlacement.Status.ACCEPTED;
        long before = outlier ? WriteBatch.Append.NO_STATE : stateGroupBefore;
        StateGroups groups = new StateGroups(session.getMapper(StateMapper.class));
        if (!outlier && !placement.resolvedBefore().isEmpty()) {
            before = groups.create(roomId, before, placement.resolvedBefore());
        }
        long group = before;
        if (!outlier && !append.stateDelta().isEmpty()) {
            group = groups.create(roomId, before, append.stateDelta());
        }
        StatementPipeline deferred = DeferredRows.of(session);
        StatementPipeline rows = deferred == null ? new StatementPipeline(session) : deferred;
        if (accepted && !placement.historic()) { // history changes neither the room's state nor its extremities
            CurrentState current = new CurrentState(roomState, events);
            if (placement.currentState() != null) {
                current.apply(roomId, event, placement.currentState());
            } else {
                current.apply(roomId, event, append.stateDelta());
            }
            EventRows.replaceExtremities(rows, roomId, append.forwardExtremities());
        }
        EventRows.edges(rows, event.eventId(), placement.prevEvents());
        EventRows.authEdges(rows, event.eventId(), placement.authEvents());
        if (event.txn() != null) {
            EventRows.transaction(rows, event);
        }
        // An event a client just sent was built here a moment ago: no copy of it can have come as an outlier.
        if (!outlier && event.txn() == null) {
            EventRows.deleteOutlier(rows, event.eventId());
        }
        boolean searchable = accepted && SearchStore.SEARCHABLE_TYPES.contains(event.type());
        StatementPipeline.Result position;
        if (placement.historic()) {
            EventRows.insert(rows, placement.historicAt(), roomId, event, group, before, placement.status().code(),
                    placement.rejectedReason());
            rows.send();
            position = StatementPipeline.Result.of(placement.historicAt());
            if (searchable) {
                EventRows.index(after, PositionSql.of(placement.historicAt()), roomId, event);
            }
        } else {
            if (placement.gapBefore() > 0) { // at once: before the pipeline's own position
                session.getMapper(StreamMapper.class).skip(placement.gapBefore());
            }
            position = EventRows.insertAtNextPosition(rows, roomId, event, group, before, placement.status().code(),
                    placement.rejectedReason(), taken -> tookPosition(session, event, taken));
            PositionSql taken = PositionSql.taken(rows.dialect());
            if (searchable) {
                EventRows.index(rows, taken, roomId, event);
            }
            if (notifications != null) {
                NotificationRows.write(rows, notifications.roomId(), taken, notifications.eventId(), notifications.ts(),
                        notifications.localSender(), notifications.notified(), numbers.get(notifications.roomId()),
                        counts);
            }
            if (deferred == null) {
                rows.send();
            }
        }
        if (accepted) {
            EventRelations.of(event, position::get)
                    .ifPresent(relation -> session.getMapper(RelationMapper.class).insert(roomId, relation));
        }
        return new Written(position, group);
    }

    private void tookPosition(SqlSession session, NewEvent event, long position) {
        if (position <= 0) {
            throw new IllegalStateException("no stream position returned for " + event.eventId());
        }
        database.tookEventPosition(session, position);
    }

    @Override
    public Optional<StoredEvent> event(String eventId) {
        return database.read("EventStore.event", EventMapper.class, m -> m.event(eventId));
    }

    @Override
    public List<StoredEvent> events(Collection<String> eventIds) {
        return database.read("EventStore.events", EventMapper.class, m -> {
            List<StoredEvent> found = new ArrayList<>();
            for (List<String> chunk : Chunks.of(eventIds)) {
                found.addAll(m.events(IdList.of(chunk)));
            }
            return found;
        });
    }

    @Override
    public Optional<String> eventForTransaction(UserId sender, ClientTxn txn) {
        return database.read("EventStore.eventForTransaction", EventMapper.class,
                m -> m.eventForTransaction(sender, txn));
    }

    @Override
    public Map<String, String> transactionIds(UserId sender, String deviceId, Collection<String> eventIds) {
        return database.read("EventStore.transactionIds", EventMapper.class, m -> {
            Map<String, String> found = new HashMap<>();
            for (List<String> chunk : Chunks.of(eventIds)) {
                m.transactions(sender, deviceId, IdList.of(chunk)).forEach(t -> found.put(t.eventId(), t.txnId()));
            }
            return found;
        });
    }

    @Override
    public long reserveHistoric(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count " + count);
        }
        return database.writeResult("EventStore.reserveHistoric", StreamMapper.class, m -> m.reserveHistoric(count));
    }

    @Override
    public long highestPositionBelow(long position) {
        Long highest = database.read("EventStore.highestPositionBelow", EventMapper.class,
                m -> m.highestPositionBelow(position));
        return highest == null ? Long.MIN_VALUE : highest;
    }

    @Override
    public long currentStreamPosition() {
        return database.currentEventPosition();
    }

    @Override
    public Optional<Long> stateGroupOf(String eventId) {
        return database.read("EventStore.stateGroupOf", EventMapper.class, m -> m.stateGroupOf(eventId));
    }

    @Override
    public Map<StateKey, String> state(long stateGroup) {
        return toMap(database.read("EventStore.state", StateMapper.class, m -> m.state(stateGroup)));
    }

    @Override
    public Optional<String> stateEvent(long stateGroup, String type, String stateKey) {
        return database.read("EventStore.stateEvent", StateMapper.class, m -> m.stateEvent(stateGroup, type, stateKey));
    }

    @Override
    public Map<String, String> memberships(long stateGroup, ServerName server) {
        Map<String, String> found = new HashMap<>();
        for (StateMapper.MemberJson member : database.read("EventStore.membershipsOfServer", StateMapper.class,
                m -> m.membersEndingWith(stateGroup, ":" + server.value()))) {
            found.put(member.userId(), MemberEvents.membership(member.json()));
        }
        return found;
    }

    @Override
    public Map<StateKey, String> currentState(String roomId) {
        return toMap(database.read("EventStore.currentState", RoomStateMapper.class, m -> m.currentState(roomId)));
    }

    @Override
    public Optional<String> currentStateEvent(String roomId, String type, String stateKey) {
        return database.read("EventStore.currentStateEvent", RoomStateMapper.class,
                m -> m.currentStateEvent(roomId, type, stateKey));
    }

    @Override
    public Map<String, String> currentStateEvents(Collection<String> roomIds, String type, String stateKey) {
        return database.read("EventStore.currentStateEvents", RoomStateMapper.class, m -> {
            Map<String, String> found = new HashMap<>();
            for (List<String> chunk : Chunks.of(roomIds)) {
                m.currentStateEvents(IdList.of(chunk), type, stateKey).forEach(r -> found.put(r.roomId(), r.eventId()));
            }
            return found;
        });
    }

    @Override
    public List<String> forwardExtremities(String roomId) {
        return ExtremityList.parse(database.read("EventStore.forwardExtremities", RoomStateMapper.class,
                m -> m.extremities(roomId)));
    }

    @Override
    public List<String> roomsOf(UserId userId, Collection<String> memberships) {
        if (memberships.isEmpty()) {
            return List.of();
        }
        return database.read("EventStore.roomsOf", RoomStateMapper.class, m -> m.roomsOf(userId, memberships));
    }

    @Override
    public Map<String, String> membershipsOf(UserId userId) {
        Map<String, String> out = new LinkedHashMap<>();
        database.read("EventStore.membershipsOf", RoomStateMapper.class, m -> m.membershipsOf(userId))
                .forEach(row -> out.put(row.roomId(), row.membership()));
        return out;
    }

    @Override
    public Map<String, String> memberships(String roomId) {
        return database.read("EventStore.memberships", RoomStateMapper.class, m -> m.memberships(roomId)).stream()
                .collect(Collectors.toMap(Membership::userId, Membership::membership));
    }

    @Override
    public Map<String, String> memberships(String roomId, ServerName server) {
        return database.read("EventStore.membershipsOfServerInRoom", RoomStateMapper.class,
                        m -> m.membershipsEndingWith(roomId, ":" + server.value())).stream()
                .collect(Collectors.toMap(Membership::userId, Membership::membership));
    }

    @Override
    public int joinedCount(String roomId) {
        return database.read("EventStore.joinedCount", RoomStateMapper.class, m -> m.joinedCount(roomId));
    }

    @Override
    public Set<String> memberServers(String roomId, Collection<String> memberships) {
        if (memberships.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(database.read("EventStore.memberServers", RoomStateMapper.class,
                m -> m.memberServers(roomId, memberships)));
    }

    @Override
    public Set<String> stateSenderServers(String roomId) {
        return Set.copyOf(database.read("EventStore.stateSenderServers", RoomStateMapper.class,
                m -> m.stateSenderServers(roomId)));
    }

    @Override
    public Map<String, Map<String, String>> memberships(Collection<String> roomIds) {
        return database.read("EventStore.membershipsOfRooms", RoomStateMapper.class, m -> {
            Map<String, Map<String, String>> found = new HashMap<>();
            for (String roomId : roomIds) {
                found.put(roomId, new HashMap<>());
            }
            for (List<String> chunk : Chunks.of(roomIds)) {
                m.membershipsOfRooms(IdList.of(chunk)).forEach(r -> found.get(r.roomId()).put(r.userId(), r.membership()));
            }
            return found;
        });
    }

    @Override
    public List<StoredEvent> roomEvents(String roomId, long after, long upTo, int limit, boolean newestFirst) {
        return database.read("EventStore.roomEvents", EventMapper.class, newestFirst
                ? m -> m.newest(roomId, after, upTo, limit)
                : m -> m.oldest(roomId, after, upTo, limit));
    }

    @Override
    public List<StoredEvent> streamEvents(long after, long upTo, int limit) {
        return database.read("EventStore.streamEvents", EventMapper.class, m -> m.stream(after, upTo, limit));
    }

    @Override
    public List<String> roomsChanged(Collection<String> roomIds, long after, long upTo) {
        Optional<Set<String>> wanted = StreamRange.narrowerThan(roomIds, after, upTo);
        if (wanted.isPresent()) {
            return database.read("EventStore.roomsChanged", EventMapper.class, m -> m.roomsWithEventsIn(after, upTo))
                    .stream().filter(wanted.get()::contains).sorted().toList();
        }
        return database.read("EventStore.roomsChanged", EventMapper.class, m -> {
            List<String> changed = new ArrayList<>();
            for (List<String> chunk : Chunks.of(new TreeSet<>(roomIds))) {
                changed.addAll(m.roomsChanged(chunk, after, upTo));
            }
            return changed;
        });
    }

    @Override
    public Optional<StoredEvent> eventAt(String roomId, long originServerTs, boolean forward) {
        return database.read("EventStore.eventAt", EventMapper.class, forward
                ? m -> m.firstAtOrAfter(roomId, originServerTs)
                : m -> m.lastAtOrBefore(roomId, originServerTs));
    }

    @Override
    public List<StoredEvent> stateChanges(Collection<String> roomIds, String type, String stateKey) {
        Set<String> rooms = new TreeSet<>(roomIds);
        Map<String, List<StoredEvent>> byRoom = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String roomId : rooms) {
            List<StoredEvent> kept = histories.get(roomId, type, stateKey);
            if (kept == null) {
                missing.add(roomId);
            } else {
                byRoom.put(roomId, kept);
            }
        }
        if (!missing.isEmpty()) {
            StateHistories.Marks marks = histories.marks(missing); // before the read
            database.read("EventStore.stateChanges", EventMapper.class, m -> {
                for (List<String> chunk : Chunks.of(missing)) {
                    m.stateChanges(IdList.of(chunk), type, stateKey)
                            .forEach(e -> byRoom.computeIfAbsent(e.roomId(), k -> new ArrayList<>()).add(e));
                }
                return null;
            });
            missing.forEach(r -> histories.keep(marks, r, type, stateKey, byRoom.getOrDefault(r, List.of())));
        }
        List<StoredEvent> found = new ArrayList<>();
        rooms.forEach(r -> found.addAll(byRoom.getOrDefault(r, List.of())));
        return found;
    }

    @Override
    public List<EventFlags> flags(Collection<String> eventIds) {
        return database.read("EventStore.flags", EventMapper.class, m -> {
            List<EventFlags> found = new ArrayList<>();
            for (List<String> chunk : Chunks.of(eventIds)) {
                for (EventMapper.FlagRow row : m.flags(IdList.of(chunk))) {
                    found.add(new EventFlags(row.eventId(), EventPlacement.Status.values()[row.status()],
                            row.rejectedReason()));
                }
            }
            return found;
        });
    }

    @Override
    public Optional<Long> stateGroupBefore(String eventId) {
        return database.read("EventStore.stateGroupBefore", EventMapper.class, m -> m.stateGroupBefore(eventId));
    }

    @Override
    public Map<String, Long> stateGroupsBefore(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        return database.read("EventStore.stateGroupsBefore", EventMapper.class, m -> {
            Map<String, Long> found = new HashMap<>();
            for (List<String> chunk : Chunks.of(eventIds)) {
                m.stateGroupsBefore(IdList.of(chunk)).forEach(row -> found.put(row.eventId(), row.group()));
            }
            return found;
        });
    }

    @Override
    public List<String> authChain(Collection<String> eventIds, int limit) {
        return database.read("EventStore.authChain", EventMapper.class, m -> {
            Set<String> chain = new LinkedHashSet<>();
            for (String eventId : eventIds) {
                chain.addAll(m.authChain(eventId, limit));
                if (chain.size() >= limit) {
                    break;
                }
            }
            return chain.stream().limit(limit).toList();
        });
    }

    @Override
    public void markPartialState(PartialStateRoom room) {
        database.write("EventStore.markPartialState", PartialStateMapper.class,
                m -> m.put(room.roomId(), room.joinEventId(), String.join("\n", room.servers())));
    }

    @Override
    public void forgetPartialState(String roomId) {
        database.write("EventStore.forgetPartialState", PartialStateMapper.class, m -> m.delete(roomId));
    }

    @Override
    public Optional<PartialStateRoom> partialState(String roomId) {
        return database.read("EventStore.partialState", PartialStateMapper.class, m -> m.find(roomId))
                .map(SqlEventStore::partialStateRoom);
    }

    @Override
    public List<PartialStateRoom> partialStateRooms() {
        return database.read("EventStore.partialStateRooms", PartialStateMapper.class, PartialStateMapper::all)
                .stream().map(SqlEventStore::partialStateRoom).toList();
    }

    private static PartialStateRoom partialStateRoom(PartialStateMapper.Row row) {
        return new PartialStateRoom(row.roomId(), row.joinEventId(),
                row.servers().isEmpty() ? List.of() : List.of(row.servers().split("\n")));
    }

    @Override
    public void completeState(String roomId, String joinEventId, Map<StateKey, String> stateBefore) {
        database.transaction("EventStore.completeState", session -> {
            PartialStateMapper partial = session.getMapper(PartialStateMapper.class);
            EventMapper events = session.getMapper(EventMapper.class);
            RoomStateMapper roomState = session.getMapper(RoomStateMapper.class);
            long from = events.stateGroupBefore(joinEventId)
                    .orElseThrow(() -> new IllegalArgumentException("no state before " + joinEventId));
            List<StateEntry> entries = stateBefore.entrySet().stream()
                    .map(e -> new StateEntry(e.getKey().type(), e.getKey().stateKey(), e.getValue())).toList();
            // later groups are deltas over these snapshots: they see the entries through them
            for (long group : partial.snapshotsFrom(roomId, from)) {
                for (List<StateEntry> chunk : Chunks.of(entries)) {
                    partial.addEntries(group, chunk);
                }
            }
            Set<StateKey> current = toMap(roomState.currentState(roomId)).keySet();
            List<StateEntry> absent = entries.stream().filter(e -> !current.contains(e.key())).toList();
            putCurrentState(session, roomId, absent);
            partial.delete(roomId);
            partial.recheckPending(roomId, joinEventId);
            // last: on PostgreSQL the position's lock is held until commit (StreamMapper#next)
            partial.completed(roomId, database.nextEventPosition(session));
            return null;
        });
    }

    /** Puts the entries into the room's current state, each member event's membership with it. */
    private static void putCurrentState(SqlSession session, String roomId, List<StateEntry> entries) {
        RoomStateMapper roomState = session.getMapper(RoomStateMapper.class);
        EventMapper events = session.getMapper(EventMapper.class);
        Map<String, String> memberJson = new HashMap<>();
        List<String> members = entries.stream().filter(e -> MemberEvents.TYPE.equals(e.type()))
                .map(StateEntry::eventId).toList();
        for (List<String> chunk : Chunks.of(members)) {
            events.events(IdList.of(chunk)).forEach(e -> memberJson.put(e.eventId(), e.json()));
        }
        for (StateEntry e : entries) {
            roomState.putCurrentState(roomId, e);
            if (MemberEvents.TYPE.equals(e.type())) {
                String json = memberJson.get(e.eventId());
                if (json == null) {
                    throw new IllegalArgumentException("state names an unknown event " + e.eventId());
                }
                roomState.putMembership(roomId, e.stateKey(), MemberEvents.membership(json), e.eventId());
            }
        }
    }

    @Override
    public Map<String, Long> partialStateCompletions() {
        return database.read("EventStore.partialStateCompletions", PartialStateMapper.class, PartialStateMapper::completions)
                .stream().collect(Collectors.toMap(PartialStateMapper.Completion::roomId,
                        PartialStateMapper.Completion::position));
    }

    @Override
    public void restate(String roomId, String eventId, EventPlacement.Status status, String rejectedReason,
                        long stateGroupBefore, Map<StateKey, String> resolvedBefore, Map<StateKey, String> stateDelta) {
        // an event accepted or rejected again enters the room's state histories or leaves them
        try (WritesUnderWay.Begun writes = histories.begin(List.of(roomId), false)) {
            database.transaction("EventStore.restate", session -> {
                StateGroups groups = new StateGroups(session.getMapper(StateMapper.class));
                long before = resolvedBefore.isEmpty() ? stateGroupBefore
                        : groups.create(roomId, stateGroupBefore, resolvedBefore);
                boolean accepted = status == EventPlacement.Status.ACCEPTED;
                long after = !accepted || stateDelta.isEmpty() ? before : groups.create(roomId, before, stateDelta);
                if (session.getMapper(PartialStateMapper.class).restate(eventId, status.code(),
                        accepted ? null : rejectedReason, before, after) != 1) {
                    throw new IllegalArgumentException("no event " + eventId);
                }
                return null;
            });
        }
    }

    @Override
    public void restateCurrent(String roomId, Map<StateKey, String> currentState, List<String> forwardExtremities) {
        database.transaction("EventStore.restateCurrent", session -> {
            PartialStateMapper partial = session.getMapper(PartialStateMapper.class);
            RoomStateMapper roomState = session.getMapper(RoomStateMapper.class);
            Map<StateKey, String> stored = toMap(roomState.currentState(roomId));
            for (StateKey key : stored.keySet()) {
                if (!currentState.containsKey(key)) {
                    partial.deleteCurrentState(roomId, key.type(), key.stateKey());
                    if (MemberEvents.TYPE.equals(key.type())) {
                        partial.deleteMembership(roomId, key.stateKey());
                    }
                }
            }
            List<StateEntry> changed = currentState.entrySet().stream()
                    .filter(e -> !e.getValue().equals(stored.get(e.getKey())))
                    .map(e -> new StateEntry(e.getKey().type(), e.getKey().stateKey(), e.getValue())).toList();
            putCurrentState(session, roomId, changed);
            StatementPipeline rows = new StatementPipeline(session);
            EventRows.replaceExtremities(rows, roomId, forwardExtremities);
            rows.send();
            partial.rechecked(roomId);
            // last: on PostgreSQL the position's lock is held until commit (StreamMapper#next)
            partial.completed(roomId, database.nextEventPosition(session));
            return null;
        });
    }

    @Override
    public List<PartialStateRoom> partialStateRechecks() {
        return database.read("EventStore.partialStateRechecks", PartialStateMapper.class, PartialStateMapper::rechecks)
                .stream().map(SqlEventStore::partialStateRoom).toList();
    }

    @Override
    public void rechecked(String roomId) {
        database.write("EventStore.rechecked", PartialStateMapper.class, m -> m.rechecked(roomId));
    }

    private static Map<StateKey, String> toMap(List<StateEntry> entries) {
        return entries.stream().collect(Collectors.toMap(StateEntry::key, StateEntry::eventId));
    }
}
