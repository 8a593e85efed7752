package org.hearth.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hearth.api.MatrixException;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore.AccountData;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.e2ee.EncryptionSync;
import org.hearth.core.internal.presence.PresenceSync;
import org.hearth.core.internal.receipts.ReceiptsSync;
import org.hearth.core.internal.receipts.UnreadCounts;
import org.hearth.core.internal.paging.EventFilter;
import org.hearth.core.internal.paging.SyncToken;
import org.hearth.core.internal.rooms.ErasedSenders;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.rooms.PartialStates;
import org.hearth.core.internal.rooms.StateBreaks;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RecentEvents;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.SharedRooms;
import org.hearth.core.internal.rooms.Typing;
import org.hearth.core.internal.rooms.UserMemberships;
import org.hearth.core.internal.sync.SyncResponse.JoinedRoom;
import org.hearth.core.internal.sync.SyncResponse.LeftRoom;
import org.hearth.core.internal.sync.SyncResponse.StrippedRoom;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.hearth.core.internal.util.DaemonThreads;

/**
 * {@code GET /sync} (Client-Server API, "Syncing"): initial and incremental, long polling.
 *
 * <ul>
 *   <li>{@code next_batch} is a stream position; a later sync from it returns what was stored after.</li>
 *   <li>A joined room appears when something happened in it since the token; a room joined since
 *       the token (a transition into join: a profile change is not one), or every room in an
 *       initial or {@code full_state} sync, comes with its state at the start of the timeline.</li>
 *   <li>Timelines hold the events the user may see (history visibility, {@link RoomAccess}).</li>
 *   <li>A limited timeline ({@code limited: true}) also carries the state at its start, so the
 *       client can fill the gap; {@code prev_batch} paginates back with {@code /messages}.</li>
 *   <li>{@code lazy_load_members}: only the members who sent timeline events, and the user.</li>
 *   <li>Invites carry stripped state; left rooms appear once, when left (initial sync: with
 *       {@code include_leave}).</li>
 *   <li>Nothing new: the request waits up to {@code timeout} ms without holding a thread, and is
 *       answered as soon as an event in one of the user's rooms is stored, a to-device message
 *       arrives or a device list the user follows changes.</li>
 *   <li>The encryption parts ({@code to_device}, {@code device_lists}, one-time key counts) come
 *       from {@link EncryptionSync}; {@code next_batch} is a {@link SyncToken}.</li>
 *   <li>{@code presence} comes from {@link PresenceSync}; the message events of users the user
 *       ignores, and their invites, are left out ({@link IgnoredUsers}).</li>
 *   <li>A room joined with partial state ({@link PartialStates}) is left out unless the filter
 *       lazy-loads members, for other clients expect its whole member list (as Synapse does); once
 *       its state is complete, the next sync sends it as a newly joined room.</li>
 * </ul>
 *
 * <p>The answer is a {@link SyncResponse}; the route writes it as JSON.
 */
@Component(service = SyncService.class)
public class SyncService {
    private static final String TYPING = "m.typing";
    private static final String RECEIPT = "m.receipt";

    private final EventStore events;
    private final UserDataStore userData;
    private final Notifier notifier;
    private final Typing typing;
    private final RoomAccess access;
    private final EncryptionSync encryption;
    private final ReceiptsSync receipts;
    private final IgnoredUsers ignoredUsers;
    private final PresenceSync presence;
    private final SharedRooms sharedRooms;
    private final RecentEvents recent;
    private final ErasedSenders erased;
    private final RoomSections sections;
    private final PartialStates partialStates;
    private final UserMemberships memberships;
    /** Builds the answers of woken long polls, off the thread that stored the waking event. */
    private final ExecutorService builders = Executors.newFixedThreadPool(
            4 * Runtime.getRuntime().availableProcessors(), DaemonThreads.named("hearth-sync"));

    /**
     * One sync request, parsed; {@code since} null for an initial sync. {@code peek}: rooms the user
     * is not in but reads as a guest would ("Peeking": {@code world_readable} ones), each answered
     * like a joined room in {@link SyncResponse#peek()}, by the stream position the peek began at (a
     * token before it gets the room whole, like a new join); a room that stops being readable drops out.
     */
    public record Request(UserId user, String deviceId, SyncToken since, SyncFilter filter, boolean fullState,
                          long timeoutMs, Map<String, Long> peek) {
        public Request(UserId user, String deviceId, SyncToken since, SyncFilter filter, boolean fullState,
                       long timeoutMs) {
            this(user, deviceId, since, filter, fullState, timeoutMs, Map.of());
        }
    }

    @Activate
    public SyncService(@Reference EventStore events, @Reference UserDataStore userData, @Reference Notifier notifier,
                       @Reference Typing typing, @Reference RoomAccess access, @Reference EncryptionSync encryption,
                       @Reference ReceiptsSync receipts, @Reference IgnoredUsers ignoredUsers,
                       @Reference PresenceSync presence, @Reference SharedRooms sharedRooms,
                       @Reference RecentEvents recent, @Reference ErasedSenders erased,
                       @Reference PartialStates partialStates, @Reference UserMemberships memberships,
                       @Reference StateBreaks breaks) {
        this.events = events;
        this.userData = userData;
        this.notifier = notifier;
        this.typing = typing;
        this.access = access;
        this.encryption = encryption;
        this.receipts = receipts;
        this.ignoredUsers = ignoredUsers;
        this.presence = presence;
        this.sharedRooms = sharedRooms;
        this.recent = recent;
        this.sections = new RoomSections(events, recent, breaks);
        this.erased = erased;
        this.partialStates = partialStates;
        this.memberships = memberships;
    }

    @Deactivate
    void stop() {
        builders.shutdownNow();
    }

    /**
     * The answer: at once when there is news, the sync is initial or {@code full_state}, or no
     * timeout was asked for; otherwise once something happens or the timeout passes (completed
     * exceptionally with a {@link CompletionException} around a {@link MatrixException}).
     */
    public CompletableFuture<SyncResponse> sync(Request request) throws MatrixException {
        if (request.since() == null || request.timeoutMs() <= 0 || request.fullState()) {
            return CompletableFuture.completedFuture(build(request, false).response);
        }
        // Registered before the rooms are read: a join in between wakes the poll (Notifier.Waiter#watch).
        Notifier.Waiter waiter = notifier.register(request.user().toString());
        waiter.watch(memberships(request).of("join"));
        waiter.watch(request.peek().keySet());
        Answer now = build(request, true);
        if (now.news) {
            waiter.cancel();
            return CompletableFuture.completedFuture(now.response);
        }
        return waiter.await(request.timeoutMs()).thenApplyAsync(v -> {
            try {
                return build(request, false).response;
            } catch (MatrixException e) {
                throw new CompletionException(e);
            }
        }, builders).toCompletableFuture();
    }

    private record Answer(SyncResponse response, boolean news) {}

    /**
     * What a joined room brings besides its timeline and state (read for all rooms at once, after
     * the loop over them), before its unread counts, summary and transaction IDs.
     */
    private record JoinedRoomNews(List<UserId> typing, List<AccountData> accountData, boolean summary,
                                  boolean eventsOnly) {}

    /** A joined room's section and the rest of its news. */
    private record JoinedRoomParts(RoomSections.Section section, JoinedRoomNews news) {}

    /**
     * The user's rooms by current membership: one read for the whole sync. {@code byMembership}
     * holds those the filter keeps; {@code all} every room, for who shares a room with the user.
     */
    private record Memberships(Map<String, String> all, Map<String, List<String>> byMembership) {
        /** {@code byRoom}'s rooms grouped by membership, in its order: one pass for the whole sync. */
        static Memberships grouped(Map<String, String> all, Map<String, String> byRoom) {
            Map<String, List<String>> grouped = new HashMap<>();
            byRoom.forEach((roomId, m) -> grouped.computeIfAbsent(m, k -> new ArrayList<>()).add(roomId));
            return new Memberships(all, grouped);
        }

        List<String> of(String membership) {
            return Collections.unmodifiableList(byMembership.getOrDefault(membership, List.of()));
        }

        List<String> of(List<String> memberships) {
            List<String> rooms = new ArrayList<>();
            memberships.forEach(m -> rooms.addAll(of(m)));
            return rooms;
        }
    }

    private Memberships memberships(Request request) {
        Map<String, String> all = memberships.of(request.user());
        if (!request.filter().filtersRooms()) {
            return Memberships.grouped(all, all);
        }
        Map<String, String> byRoom = new LinkedHashMap<>(all);
        byRoom.keySet().removeIf(roomId -> !request.filter().includesRoom(roomId));
        return Memberships.grouped(all, byRoom);
    }

    /**
     * @param mayWait whether an answer without news is thrown away (the poll waits): then, when no
     *                stream moved since the token, nothing else is read
     */
    private Answer build(Request request, boolean mayWait) throws MatrixException {
        UserId user = request.user();
        long since = request.since() == null ? -1 : request.since().events();
        long sinceTyping = request.since() == null ? 0 : request.since().typing();
        EncryptionSync.Positions e2eeUpTo = encryption.positions();
        long typingUpTo = typing.current();
        long presenceUpTo = presence.position();
        long sincePresence = request.since() == null ? 0 : request.since().presence();
        long head = events.currentStreamPosition();
        if (mayWait && nothingSince(request.since(), head, typingUpTo, presenceUpTo, e2eeUpTo)) {
            return new Answer(null, false);
        }
        // After head: a membership event at or below it is in them (UserMemberships holds none across a write naming the user).
        Memberships mine = memberships(request);
        // no further than a partial-state completion being written in one of the user's rooms
        long upTo = Math.max(Math.max(since, 0), partialStates.syncableUpTo(mine.of("join"), head));
        boolean full = since < 0 || request.fullState();
        Map<RoomId, JoinedRoom> join = new LinkedHashMap<>();
        Map<RoomId, StrippedRoom> invite = new LinkedHashMap<>();
        Map<RoomId, StrippedRoom> knock = new LinkedHashMap<>();
        Map<RoomId, LeftRoom> leave = new LinkedHashMap<>();
        IgnoredUsers.Ignored ignored = ignoredUsers.of(user, upTo);

        SyncFilter filter = request.filter();
        List<String> joined = new ArrayList<>(mine.of("join"));
        Set<String> peeked = peeked(request, joined);
        // without lazy-loaded members: no partial room, and a room completed since the token comes whole
        Set<String> completed = full || filter.lazyLoadMembers() ? Set.of()
                : partialStates.completedIn(joined, since, upTo);
        if (!filter.lazyLoadMembers()) {
            joined.removeAll(partialStates.partialAmong(joined));
        }
        joined.addAll(peeked); // from here on like joined rooms, into their own section
        Set<String> changed = full ? new HashSet<>(joined)
                : new HashSet<>(recent.roomsChanged(events, joined, since, upTo));
        changed.addAll(completed);
        // Account data and receipts take their positions from the events' counter: a range of events only has none.
        boolean onlyEvents = since >= 0 && recent.onlyEventsIn(since, upTo);
        List<AccountData> accountData = onlyEvents ? List.of()
                : userData.accountDataChanged(user, Math.max(since, 0), upTo);
        Map<String, RoomView> views = access.views(user, changed);
        ReceiptsSync.Changes receiptNews = onlyEvents ? new ReceiptsSync.Changes()
                : receipts.changes(user, joined, Math.max(since, 0), upTo);
        Map<String, RoomSections.Pending> timelines = new LinkedHashMap<>();
        Map<String, JoinedRoomNews> roomNews = new HashMap<>();
        boolean typingWanted = filter.ephemeral().matches(TYPING, null);
        boolean receiptsWanted = filter.ephemeral().matches(RECEIPT, null);
        for (String roomId : joined) {
            List<AccountData> roomData = accountData.isEmpty() ? List.of()
                    : accountData(accountData, roomId, filter.roomAccountData());
            // An initial sync tells who types in every room where typing started or stopped, even
            // when nobody types now (as Synapse does): a client that syncs afresh learns that a
            // typist it may have seen has stopped.
            boolean typingNews = typingWanted && typing.changedSince(roomId, full ? 0 : sinceTyping);
            boolean receiptsNews = receiptsWanted && receiptNews.has(roomId);
            if (!full && !changed.contains(roomId) && roomData.isEmpty() && !typingNews && !receiptsNews) {
                continue; // nothing new, not even the user's own join
            }
            RoomView view = views.get(roomId);
            if (view == null) {
                view = access.views(user, List.of(roomId)).get(roomId); // news without events: typing, account data
            }
            // Only a transition into join is a new join ("Syncing"): a profile change (join -> join) is not.
            // A peek goes on from the token like a joined room.
            boolean newlyJoined = full || completed.contains(roomId)
                    || (peeked.contains(roomId) ? since < request.peek().get(roomId)
                    : view == null || !view.rules().joinedAt(since));
            RoomSections.Pending timeline = sections.timeline(view, roomId, request, newlyJoined ? -1 : since, upTo,
                    newlyJoined, ignored);
            boolean eventsOnly = !newlyJoined && roomData.isEmpty() && !typingNews && !receiptsNews;
            if (eventsOnly && timeline.page().events().isEmpty() && !timeline.page().limited()) {
                continue; // what happened, the filter left out (a gap may still bring state: seen below)
            }
            List<UserId> typers = typingNews ? typing.typers(roomId).stream()
                    .flatMap(u -> UserId.parse(u).stream()).toList() : null;
            timelines.put(roomId, timeline);
            // Clients need the summary to name the room when they do not get every member.
            roomNews.put(roomId, new JoinedRoomNews(typers, roomData, newlyJoined || filter.lazyLoadMembers(), eventsOnly));
        }
        Map<String, JoinedRoomParts> parts = new LinkedHashMap<>();
        sections.sections(timelines, request).forEach((roomId, section) -> {
            parts.put(roomId, new JoinedRoomParts(section, roomNews.get(roomId)));
        });
        Map<String, RoomSections.Section> left = sections.sections(leftRooms(request, mine, since, upTo, full, ignored),
                request);
        List<RoomSections.Section> all = new ArrayList<>(left.values());
        parts.values().forEach(p -> all.add(p.section()));
        Map<String, StoredEvent> stateEvents = sections.stateEvents(all, filter);
        // a room whose only news were state events the filter left out
        parts.values().removeIf(p -> p.news().eventsOnly() && p.section().timeline().events().isEmpty()
                && p.section().state(stateEvents).isEmpty());
        List<List<StoredEvent>> served = new ArrayList<>();
        parts.values().forEach(p -> served.add(p.section().timeline().events()));
        left.values().forEach(section -> served.add(section.timeline().events()));
        Map<String, String> txnIds = SyncTimeline.transactionIds(events, user, request.deviceId(), served);
        // Events of users who asked for erasure, as the user is served them: one read for every room.
        List<ErasedSenders.Timeline> readable = new ArrayList<>();
        parts.values().forEach(p -> readable.add(new ErasedSenders.Timeline(p.section().view(),
                p.section().timeline().events())));
        left.values().forEach(s -> readable.add(new ErasedSenders.Timeline(s.view(), s.timeline().events())));
        Set<String> erasedSenders = erased.among(readable);
        Map<String, UnreadCounts> unread = receipts.unreadCounts(user, parts.keySet(),
                filter.unreadThreadNotifications());
        Map<String, SyncResponse.Summary> summaries = sections.summaries(
                parts.entrySet().stream().filter(e -> e.getValue().news().summary()).map(Map.Entry::getKey).toList(), user);
        Map<RoomId, JoinedRoom> peek = new LinkedHashMap<>();
        parts.forEach((roomId, p) -> (peeked.contains(roomId) ? peek : join).put(new RoomId(roomId),
                new JoinedRoom(served(p.section(), txnIds, erasedSenders), p.section().state(stateEvents), p.news().typing(),
                        receiptsWanted ? receiptNews.of(roomId) : List.of(), p.news().accountData(),
                        unread.getOrDefault(roomId, UnreadCounts.NONE), summaries.get(roomId))));
        left.forEach((roomId, section) -> leave.put(new RoomId(roomId),
                new LeftRoom(served(section, txnIds, erasedSenders), section.state(stateEvents))));
        boolean news = !join.isEmpty() || !peek.isEmpty() || !leave.isEmpty();
        news |= stripped(mine.of("invite"), user, since, upTo, full, ignored, invite);
        news |= stripped(mine.of("knock"), user, since, upTo, full, ignored, knock);
        List<AccountData> globalData = accountData(accountData, null, filter.accountData());
        news |= !globalData.isEmpty();
        // Who came to share a room, or left: read once, for both presence and device lists.
        SharedRooms.Changes sharing = since < 0 ? SharedRooms.Changes.NONE
                : sharedRooms.changes(user, mine.all(), since, upTo);
        Map<UserId, JsonNode> presenceNews = presence.changes(user, sincePresence, presenceUpTo, sharing.joined(),
                membersOf(peeked));
        news |= !presenceNews.isEmpty();
        EncryptionSync.Positions e2eeSince = request.since() == null ? null
                : new EncryptionSync.Positions(request.since().toDevice(), request.since().deviceLists());
        EncryptionSync.Section e2ee = encryption.section(user, request.deviceId(),
                new EncryptionSync.Window(e2eeSince, Math.max(since, 0), upTo, e2eeUpTo, sharing));
        news |= e2ee.news();
        SyncToken next = new SyncToken(Math.max(upTo, Math.max(since, 0)), Math.max(typingUpTo, sinceTyping),
                e2ee.next().toDevice(), e2ee.next().deviceLists(), Math.max(presenceUpTo, sincePresence));
        return new Answer(new SyncResponse(join, peek, invite, knock, leave, globalData, presenceNews, e2ee, next),
                news);
    }

    /**
     * Whether every stream stands where the token left it: then nothing can be news (account data
     * and receipts take event positions; invites, joins, leaves and partial-state completions are events).
     */
    private static boolean nothingSince(SyncToken since, long upTo, long typingUpTo, long presenceUpTo,
                                        EncryptionSync.Positions e2eeUpTo) {
        return since.events() == upTo && since.typing() == typingUpTo && since.presence() == presenceUpTo
                && since.toDevice() == e2eeUpTo.toDevice() && since.deviceLists() == e2eeUpTo.deviceLists();
    }

    /** The timelines of the rooms the user left (or was banned from) to send, by room. */
    private Map<String, RoomSections.Pending> leftRooms(Request request, Memberships mine, long since, long upTo,
                                                       boolean full, IgnoredUsers.Ignored ignored) {
        UserId user = request.user();
        Map<String, RoomSections.Pending> leave = new LinkedHashMap<>();
        List<String> leftRooms = changedSince(mine.of(List.of("leave", "ban")), since, upTo,
                full && request.filter().includeLeave());
        // read only when a left room may be sent: most syncs have none
        Set<String> forgotten = leftRooms.isEmpty() ? Set.of() : new HashSet<>(userData.forgottenRooms(user));
        Map<String, RoomView> leftViews = leftRooms.isEmpty() ? Map.of() : access.views(user, leftRooms);
        for (String roomId : leftRooms) {
            Optional<StoredEvent> left = memberEvent(roomId, user);
            boolean include = left.isPresent() && !forgotten.contains(roomId)
                    && (since >= 0 ? left.get().streamPosition() > since : request.filter().includeLeave());
            if (include) {
                RoomView view = leftViews.get(roomId);
                // the whole state only for a room the client did not have: joined (and left) since the token
                boolean fullRoom = full || view == null || !view.rules().joinedAt(since);
                leave.put(roomId, view == null ? RoomSections.ownMembership(left.get())
                        : sections.timeline(view, roomId, request, since, left.get().streamPosition(), fullRoom, ignored));
            }
        }
        return leave;
    }

    /** The section's timeline with the transaction IDs, its events as the user is served them ({@link ErasedSenders}). */
    private SyncResponse.Timeline served(RoomSections.Section section, Map<String, String> ids, Set<String> erasedSenders) {
        SyncResponse.Timeline timeline = section.timeline();
        List<StoredEvent> events = section.view() == null ? timeline.events()
                : erased.served(section.view(), timeline.events(), erasedSenders);
        return new SyncResponse.Timeline(events, ids, timeline.limited(), timeline.prevBatch());
    }

    /**
     * Invites or knocks (by the user's current membership) to send: every one in an initial sync,
     * those that happened since the token otherwise, except invites from ignored users. Whether there was any.
     */
    private boolean stripped(List<String> rooms, UserId user, long since, long upTo, boolean full,
                             IgnoredUsers.Ignored ignored, Map<RoomId, StrippedRoom> out) {
        boolean any = false;
        for (String roomId : changedSince(rooms, since, upTo, full)) {
            Optional<StoredEvent> membership = memberEvent(roomId, user);
            if (membership.isPresent() && (full || membership.get().streamPosition() > since)
                    && !ignored.hidesInvite(membership.get())) {
                out.put(new RoomId(roomId), new StrippedRoom(StrippedState.of(events, roomId, membership.get())));
                any = true;
            }
        }
        return any;
    }

    /**
     * The rooms with events after {@code since}: only there can the user's membership have
     * changed, so the others need no look at all (a user may have hundreds of rooms).
     */
    private List<String> changedSince(List<String> rooms, long since, long upTo, boolean all) {
        if (all || rooms.isEmpty()) {
            return all ? rooms : List.of();
        }
        return since < 0 ? List.of() : recent.roomsChanged(events, rooms, since, upTo);
    }

    /** The rooms of {@link Request#peek()} the user is not in and may read now (world-readable). */
    private Set<String> peeked(Request request, List<String> joined) {
        if (request.peek().isEmpty()) {
            return Set.of();
        }
        Set<String> rooms = new LinkedHashSet<>(request.peek().keySet());
        rooms.removeAll(joined);
        Map<String, RoomView> views = access.views(request.user(), rooms);
        // world-readable now: a former member's view up to their leaving is not a peek
        rooms.removeIf(roomId -> views.get(roomId) == null || views.get(roomId).stateAt() != null);
        return rooms;
    }

    /** The joined members of the peeked rooms, whose presence a peeking user sees. */
    private Set<UserId> membersOf(Set<String> rooms) {
        Set<UserId> members = new HashSet<>();
        for (String roomId : rooms) {
            List<String> ids = new ArrayList<>();
            events.currentState(roomId).forEach((key, id) -> {
                if ("m.room.member".equals(key.type())) {
                    ids.add(id);
                }
            });
            for (StoredEvent e : events.events(ids)) {
                if ("join".equals(RoomAccess.membershipOf(e))) {
                    UserId.parse(e.stateKey()).ifPresent(members::add);
                }
            }
        }
        return members;
    }

    private Optional<StoredEvent> memberEvent(String roomId, UserId user) {
        return events.currentStateEvent(roomId, "m.room.member", user.toString()).flatMap(events::event);
    }

    /** The account data of one room, or the global account data ({@code roomId} null), that passes the filter. */
    private static List<AccountData> accountData(List<AccountData> changes, String roomId, EventFilter filter) {
        return changes.stream().filter(a -> Objects.equals(roomId, a.roomId()) && filter.matches(a.type(), null)).toList();
    }
}
