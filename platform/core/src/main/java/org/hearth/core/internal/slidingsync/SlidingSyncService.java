package org.hearth.core.internal.slidingsync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hearth.api.MatrixException;
import org.hearth.api.http.RouteResponse;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.SlidingSyncStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.BumpStamps;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.rooms.PartialStates;
import org.hearth.core.internal.rooms.RecentEvents;
import org.hearth.core.internal.rooms.StateBreaks;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.UserMemberships;
import org.hearth.core.internal.rooms.RoomView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * Simplified sliding sync (MSC4186): {@code POST /sync} of the unstable
 * {@code org.matrix.simplified_msc3575} prefix and of {@code v4}.
 *
 * <ul>
 *   <li>A connection is the user's device and {@code conn_id}; its state after each answer is
 *       saved under the answer's {@code pos} ({@link SlidingSyncStore}), so a {@code pos} works
 *       after a restart. The state of the {@code pos} a request continues from stays until a
 *       later one is used (a retried request gets the same start). A state that moved on only by
 *       new events is not saved again: the {@code pos} names the saved state and the new event
 *       position ({@code N_E}). The states saved or read lately are also held in memory
 *       ({@link HeldStates}): a request reads its state from the store only after a restart or
 *       when its connection was evicted.</li>
 *   <li>A poll woken without its user named answers from what it read before waiting, and a
 *       joined room with only new non-state events from {@link RecentEvents}.</li>
 *   <li>A {@code pos} not saved for this user, device and connection (unknown, of another user,
 *       expired after {@value #IDLE_DAYS} idle days, or beyond the {@value #MAX_CONNECTIONS}
 *       connections kept per device) answers 400 {@code M_UNKNOWN_POS}: the client starts over.</li>
 *   <li>A room is sent when a list's range or a subscription matches it and it is new to the
 *       connection or changed since ({@link RoomResults}); lists carry their {@code count}.</li>
 *   <li>Nothing new: the request waits up to {@code timeout} ms without holding a thread, woken
 *       by the {@link Notifier} that wakes {@code /sync}.</li>
 *   <li>A room joined with partial state ({@link PartialStates}) is left out of a list or
 *       subscription whose {@code required_state} asks for members beyond the user and the
 *       lazy-loaded ones (as Synapse does): it comes, new to the connection, once complete.</li>
 * </ul>
 */
@Component(service = SlidingSyncService.class)
public class SlidingSyncService {
    static final int MAX_CONNECTIONS = 10;
    static final int IDLE_DAYS = 7;
    private static final long IDLE_MS = IDLE_DAYS * 24L * 3600 * 1000;
    /** How often an unchanged connection's state is saved again, to mark it in use (far below {@link #IDLE_MS}). */
    private static final long RESAVE_MS = 3_600_000;
    /** The rooms of the connection states and looks held in memory ({@link HeldStates}): about 300 bytes each (SlidingSyncBench). */
    static final long HELD_ROOMS = 100_000;

    private final EventStore events;
    private final RecentEvents recent;
    private final StateBreaks breaks;
    private final BumpStamps bumpStamps;
    private final ErasedSenders erased;
    private final PartialStates partialStates;
    private final UserMemberships memberships;
    private final UserDataStore userData;
    private final SlidingSyncStore store;
    private final Notifier notifier;
    private final RoomAccess access;
    private final IgnoredUsers ignoredUsers;
    private final List<SlidingSyncExtension> extensions;
    private final List<SlidingSyncRoomFields> roomFields;
    private final HeldStates held = new HeldStates(HELD_ROOMS);
    private final ExecutorService builders = Executors.newFixedThreadPool(
            2 * Runtime.getRuntime().availableProcessors(), DaemonThreads.named("hearth-sliding-sync"));

    @Activate
    public SlidingSyncService(@Reference EventStore events, @Reference UserDataStore userData,
                              @Reference SlidingSyncStore store, @Reference Notifier notifier,
                              @Reference RoomAccess access, @Reference IgnoredUsers ignoredUsers,
                              @Reference RecentEvents recent, @Reference BumpStamps bumpStamps,
                              @Reference ErasedSenders erased, @Reference PartialStates partialStates,
                              @Reference UserMemberships memberships, @Reference StateBreaks breaks,
                              @Reference(cardinality = ReferenceCardinality.MULTIPLE,
                                      policyOption = ReferencePolicyOption.GREEDY)
                              List<SlidingSyncExtension> extensions,
                              @Reference(cardinality = ReferenceCardinality.MULTIPLE,
                                      policyOption = ReferencePolicyOption.GREEDY)
                              List<SlidingSyncRoomFields> roomFields) {
        this.events = events;
        this.recent = recent;
        this.breaks = breaks;
        this.bumpStamps = bumpStamps;
        this.erased = erased;
        this.partialStates = partialStates;
        this.memberships = memberships;
        this.userData = userData;
        this.store = store;
        this.notifier = notifier;
        this.access = access;
        this.ignoredUsers = ignoredUsers;
        this.extensions = List.copyOf(extensions);
        this.roomFields = List.copyOf(roomFields);
    }

    @Deactivate
    void stop() {
        builders.shutdownNow();
    }

    public RouteResponse sync(UserId user, String deviceId, SlidingSyncRequest request) throws MatrixException {
        String device = deviceId == null ? "" : deviceId;
        ConnectionState state;
        long pos;
        long savedAt = 0;
        if (request.pos() == null) {
            state = new ConnectionState();
            request.applyTo(state); // a request refused leaves the connection as it was
            pos = store.startConnection(user, device, request.connId(), MAX_CONNECTIONS - 1,
                    System.currentTimeMillis() - IDLE_MS);
            held.dropDevice(user.toString(), device);
        } else {
            Pos parsed = Pos.parse(request.pos());
            pos = parsed.saved();
            HeldStates.Held saved = saved(user, device, request.connId(), pos);
            state = saved.state().copy();
            if (parsed.events() >= 0) {
                if (parsed.events() < state.events) {
                    throw unknownPos();
                }
                state.at(parsed.events());
            }
            savedAt = saved.savedAt();
            request.applyTo(state);
        }
        Connection connection = new Connection(user, deviceId, device, request, state, pos, savedAt);
        if (request.pos() == null || request.timeoutMs() <= 0) {
            return RouteResponse.ok(answer(connection, true, look(connection, null)).body);
        }
        // Registered before the rooms are read or the look reused: a join in between wakes the
        // poll (Notifier.Waiter#watch), one before changed what look() compares.
        Notifier.Waiter waiter = notifier.register(user.toString());
        Look first = look(connection, waiter);
        Answer now = answer(connection, false, first);
        if (now.body != null) {
            waiter.cancel();
            return RouteResponse.ok(now.body);
        }
        return RouteResponse.later(waiter.await(request.timeoutMs()).thenApplyAsync(v -> {
            try {
                // Nothing named the user: the rooms and account data read before waiting still hold.
                Look woken = waiter.userNamed() ? look(connection, null)
                        : advanced(first, now.unchanged, Math.max(events.currentStreamPosition(), first.upTo));
                return RouteResponse.ok(answer(connection, true, woken).body);
            } catch (MatrixException e) {
                throw new CompletionException(e);
            }
        }, builders));
    }

    /**
     * The state saved under {@code pos}: held in memory, else read from the store and held. A
     * state held longer than connections may stay idle is read again: the store may have expired it.
     */
    private HeldStates.Held saved(UserId user, String device, String connId, long pos) throws MatrixException {
        Optional<HeldStates.Held> kept = held.get(user.toString(), device, connId, pos)
                .filter(h -> System.currentTimeMillis() - h.savedAt() < IDLE_MS);
        if (kept.isPresent()) {
            return kept.get();
        }
        SlidingSyncStore.Saved saved = store.connectionState(user, device, connId, pos)
                .orElseThrow(SlidingSyncService::unknownPos);
        ConnectionState state = ConnectionState.read(saved.stateJson()).orElseThrow(SlidingSyncService::unknownPos);
        held.read(user.toString(), device, connId, pos, state, saved.savedAt());
        return new HeldStates.Held(state, saved.savedAt());
    }

    /** One request on its connection: the state it continues from, its saved {@code pos}, when that was saved (0: new). */
    private record Connection(UserId user, String deviceId, String device, SlidingSyncRequest request,
                              ConnectionState state, long pos, long savedAt) {}

    /**
     * A {@code pos}: the saved state, and the event position the connection is at when it moved
     * on from that state without saving another ({@link ConnectionState#at}); -1 when not.
     */
    private record Pos(long saved, long events) {
        static Pos parse(String pos) throws MatrixException {
            int split = pos.indexOf('_');
            return split < 0 ? new Pos(number(pos), -1)
                    : new Pos(number(pos.substring(0, split)), number(pos.substring(split + 1)));
        }

        String text() {
            return events < 0 ? Long.toString(saved) : saved + "_" + events;
        }

        private static long number(String text) throws MatrixException {
            if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw unknownPos();
            }
            return Long.parseLong(text);
        }
    }

    /**
     * What an answer reads of the user's rooms up to {@code upTo}; {@code unchanged}: rooms known
     * to have nothing new for the connection up to it (the answer asks nothing more about them).
     */
    record Look(RoomList list, IgnoredUsers.Ignored ignored, long upTo, Set<String> unchanged) {}

    /** The answer; body null when there was no news and {@code always} was false. */
    private record Answer(ObjectNode body, Set<String> unchanged) {}

    /**
     * The user's rooms now: the look the connection's last request took from the same saved
     * {@code pos} moved on by the events since ({@link #advanced}) when nothing named the user
     * since it was taken ({@link Notifier#namings}: their memberships and account data are as
     * they were), else read.
     *
     * @param waiter a poll's, registered before: it watches the joined rooms before the position
     *               the look reads up to is taken, so an event after that wakes it; null when not waiting
     */
    private Look look(Connection c, Notifier.Waiter waiter) {
        String user = c.user.toString();
        long namings = notifier.namings(user); // before reading: a naming after it makes the next look read again
        Optional<HeldStates.Looked> before = c.request.pos() == null ? Optional.empty()
                : held.look(user, c.device, c.request.connId()).filter(l -> namings >= 0 && l.pos() == c.pos && l.namings() == namings);
        Map<String, String> memberships = before.isPresent() ? null : this.memberships.of(c.user);
        if (waiter != null) {
            waiter.watch(before.isPresent() ? before.get().look().list.joined() : RoomList.joined(memberships));
        }
        long upTo = Math.max(events.currentStreamPosition(), c.state.events);
        Look look = before.isPresent() ? advanced(before.get().look(), Set.of(), upTo)
                : new Look(new RoomList(events, bumpStamps, store, userData, c.user, memberships, c.state, upTo),
                ignoredUsers.of(c.user), upTo, Set.of());
        held.looked(user, c.device, c.request.connId(), new HeldStates.Looked(c.pos, namings, look));
        return look;
    }

    /** Whether the room is left out under the config: partial state, and members asked for that it lacks yet. */
    private boolean hidesPartial(String roomId, RoomConfig config) {
        return config.requiredState().wantsOtherMembers() && !partialStates.partialAmong(List.of(roomId)).isEmpty();
    }

    private Answer answer(Connection c, boolean always, Look look) throws MatrixException {
        ConnectionState previous = c.state;
        ConnectionState next = previous.copy();
        long upTo = look.upTo;
        RoomList list = look.list;

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode listsJson = body.putObject("lists");
        Map<String, RoomConfig> configs = new LinkedHashMap<>();
        Map<String, List<String>> listsOf = new HashMap<>();
        boolean news = false;
        next.listCounts.clear();
        for (Map.Entry<String, ListConfig> l : previous.lists.entrySet()) {
            List<RoomList.Entry> filtered = list.filtered(l.getValue().filters()).stream()
                    .filter(r -> !hidesPartial(r.roomId(), l.getValue().config())).toList();
            for (int i = 0; i < filtered.size(); i++) {
                if (l.getValue().covers(i)) {
                    String roomId = filtered.get(i).roomId();
                    configs.merge(roomId, l.getValue().config(), RoomConfig::combine);
                    listsOf.computeIfAbsent(roomId, k -> new ArrayList<>()).add(l.getKey());
                }
            }
            listsJson.putObject(l.getKey()).put("count", filtered.size());
            next.listCounts.put(l.getKey(), filtered.size());
            news |= !Integer.valueOf(filtered.size()).equals(previous.listCounts.get(l.getKey()));
        }
        // Subscriptions to rooms the user may not see are ignored ("Subscriptions").
        List<String> unlisted = previous.subscriptions.keySet().stream().filter(r -> list.get(r) == null).toList();
        Set<String> formerlyIn = unlisted.isEmpty() ? Set.of() : access.views(c.user, unlisted).keySet();
        previous.subscriptions.forEach((roomId, config) -> {
            if (list.former(roomId, formerlyIn.contains(roomId)) != null
                    && !hidesPartial(roomId, config)) {
                configs.merge(roomId, config, RoomConfig::combine);
            }
        });

        // Only rooms new to the connection, changed, or wanted with more need reading.
        Set<String> changed = changedRooms(previous, configs.keySet(), look);
        Map<String, Boolean> dms = new HashMap<>();
        List<String> toBuild = new ArrayList<>();
        Set<String> unchanged = new HashSet<>();
        for (Map.Entry<String, RoomConfig> e : configs.entrySet()) {
            String roomId = e.getKey();
            ConnectionState.SentRoom sent = previous.rooms.get(roomId);
            boolean dm = list.isDm(roomId);
            dms.put(roomId, dm);
            boolean same = sent != null && sent.membership().equals(list.get(roomId).membership())
                    && !e.getValue().widens(sent.config()) && dm == sent.dm();
            if (same && !changed.contains(roomId)) {
                // The client has it up to now; a narrower config is kept, so widening again sends more.
                next.rooms.put(roomId, sent.at(upTo, e.getValue()));
                unchanged.add(roomId);
            } else {
                toBuild.add(roomId);
            }
        }
        RoomResults results = new RoomResults(events, recent, breaks, erased, access, c.user, c.deviceId, c.request.sticky(),
                look.ignored);
        // A joined room the client has, with only new events that are not state: built from memory.
        Map<String, List<StoredEvent>> inMemory = new HashMap<>();
        for (String roomId : toBuild) {
            ConnectionState.SentRoom sent = previous.rooms.get(roomId);
            if (sent != null && "join".equals(sent.membership()) && "join".equals(list.get(roomId).membership())
                    && !configs.get(roomId).widens(sent.config()) && dms.get(roomId) == sent.dm()) {
                RoomResults.newMessages(recent, roomId, sent.upTo(), upTo).ifPresent(e -> inMemory.put(roomId, e));
            }
        }
        Map<String, RoomView> views = access.views(c.user, toBuild.stream().filter(r -> {
            String membership = list.get(r).membership();
            return !"invite".equals(membership) && !"knock".equals(membership) && !inMemory.containsKey(r);
        }).toList());
        ObjectNode roomsJson = body.putObject("rooms");
        Set<String> initialRooms = new HashSet<>();
        Map<String, ObjectNode> joinedResults = new LinkedHashMap<>();
        results.readMemberships(toBuild.stream().filter(r -> "join".equals(list.get(r).membership())
                && !inMemory.containsKey(r)).toList());
        for (String roomId : toBuild) {
            ConnectionState.SentRoom sent = previous.rooms.get(roomId);
            RoomResults.Result result = inMemory.containsKey(roomId)
                    ? results.buildFromMemory(list.get(roomId), configs.get(roomId), sent, previous.events, upTo)
                    : results.build(list.get(roomId), views.get(roomId), configs.get(roomId), sent, dms.get(roomId),
                    previous.events, upTo);
            if (result == null) {
                next.rooms.put(roomId, sent.at(upTo, configs.get(roomId)));
                continue;
            }
            if (listsOf.containsKey(roomId)) {
                listsOf.get(roomId).forEach(result.json().withArray("lists")::add);
            }
            roomsJson.set(roomId, result.json());
            if ("join".equals(list.get(roomId).membership())) {
                joinedResults.put(roomId, result.json());
            }
            next.rooms.put(roomId, result.sent());
            if (result.initial()) {
                initialRooms.add(roomId);
            }
        }
        results.addTransactionIds();
        news |= !roomsJson.isEmpty();
        if (!joinedResults.isEmpty()) {
            roomFields.forEach(f -> f.addTo(joinedResults, c.user));
        }

        ObjectNode extensionsJson = body.putObject("extensions");
        SlidingSyncExtension.Context context = new SlidingSyncExtension.Context(c.user, c.deviceId, next.extensions,
                previous.isNew(), previous.events, upTo, configs.keySet(), initialRooms, next.positions);
        for (SlidingSyncExtension extension : extensions) {
            news |= extension.addTo(extensionsJson, context);
        }
        next.events = upTo;
        if (next.extensions.get(EncryptionExtension.TO_DEVICE) instanceof ObjectNode toDevice) {
            toDevice.remove("since"); // a position of one request, not a setting
        }
        if (!news && !always) {
            return new Answer(null, unchanged);
        }
        // Moved on by new events only: the pos carries the position, no state is saved.
        boolean same = c.request.pos() != null && next.movedOnFrom(previous);
        long now = System.currentTimeMillis();
        Pos pos;
        // Unchanged, saved again only now and then: a connection in use does not expire as idle.
        // Under a new pos: the saved one stays for the pos that moved on from it.
        if (!same || now - c.savedAt >= RESAVE_MS) {
            pos = new Pos(c.pos + 1, -1);
            long keepFrom = c.request.pos() == null ? pos.saved() : c.pos;
            store.saveConnectionState(c.user, c.device, c.request.connId(), pos.saved(), next.toJson(), keepFrom, now);
            held.saved(c.user.toString(), c.device, c.request.connId(), pos.saved(), next, now, keepFrom);
        } else if (upTo != c.state.events || c.request.pos().indexOf('_') >= 0) {
            pos = new Pos(c.pos, upTo);
        } else {
            pos = new Pos(c.pos, -1);
        }
        body.put("pos", pos.text());
        if (c.request.body().path("txn_id").isTextual()) {
            body.set("txn_id", c.request.body().get("txn_id"));
        }
        return new Answer(body, unchanged);
    }

    /**
     * The look before waiting moved on to {@code to}, for a poll woken without its user named (no
     * membership nor account data of theirs changed): the same rooms with their new bump stamps
     * ({@link BumpStamps}); of the rooms the first answer found unchanged ({@code quiet}), those
     * still without events.
     */
    private Look advanced(Look first, Set<String> quiet, long to) {
        Set<String> rooms = new LinkedHashSet<>(first.list.joined());
        rooms.addAll(quiet);
        List<String> changed = recent.roomsChanged(events, rooms, first.upTo, to);
        List<String> joined = changed.stream().filter(r -> first.list.get(r) != null
                && "join".equals(first.list.get(r).membership())).toList();
        Map<String, Long> bumps = RoomList.bumpsOf(bumpStamps, store, joined, to);
        Set<String> unchanged = new HashSet<>(quiet);
        changed.forEach(unchanged::remove);
        return new Look(first.list.withBumps(bumps), first.ignored, to, unchanged);
    }

    /**
     * Of the rooms sent before, those with events after the position the connection has each up
     * to, but those the look knows unchanged.
     */
    private Set<String> changedRooms(ConnectionState previous, Set<String> rooms, Look look) {
        Map<Long, List<String>> bySentUpTo = new HashMap<>();
        for (String roomId : rooms) {
            ConnectionState.SentRoom sent = previous.rooms.get(roomId);
            if (sent != null && !look.unchanged.contains(roomId)) {
                bySentUpTo.computeIfAbsent(sent.upTo(), k -> new ArrayList<>()).add(roomId);
            }
        }
        Set<String> changed = new HashSet<>();
        bySentUpTo.forEach((since, ids) -> changed.addAll(recent.roomsChanged(events, ids, since, look.upTo)));
        return changed;
    }

    static MatrixException unknownPos() {
        return new MatrixException(400, "M_UNKNOWN_POS", "Unknown or expired pos: start a new connection");
    }
}
