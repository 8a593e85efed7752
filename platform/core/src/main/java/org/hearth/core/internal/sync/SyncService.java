package org.hearth.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
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
import org.hearth.api.spi.storage.StateKey;
import org.hearth.api.spi.storage.StoredEvent;
import org.hearth.api.spi.storage.UserDataStore;
import org.hearth.core.internal.rooms.ClientEvents;
import org.hearth.core.internal.e2ee.EncryptionSync;
import org.hearth.core.internal.presence.PresenceSync;
import org.hearth.core.internal.rooms.HistoryVisibility;
import org.hearth.core.internal.rooms.IgnoredUsers;
import org.hearth.core.internal.rooms.Notifier;
import org.hearth.core.internal.rooms.RoomAccess;
import org.hearth.core.internal.rooms.RoomView;
import org.hearth.core.internal.rooms.StateBefore;
import org.hearth.core.internal.rooms.Typing;
import org.hearth.core.internal.rooms.VisiblePages;
import org.hearth.core.internal.util.Json;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

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
 * </ul>
 */
@Component(service = SyncService.class)
public class SyncService {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> JOIN = List.of("join");
    private static final Set<String> STRIPPED_TYPES = Set.of("m.room.create", "m.room.join_rules", "m.room.name",
            "m.room.avatar", "m.room.canonical_alias", "m.room.encryption", "m.room.topic");

    private final EventStore events;
    private final UserDataStore userData;
    private final Notifier notifier;
    private final Typing typing;
    private final RoomAccess access;
    private final EncryptionSync encryption;
    private final IgnoredUsers ignoredUsers;
    private final PresenceSync presence;
    /** Builds the answers of woken long polls, off the thread that stored the waking event. */
    private final ExecutorService builders = Executors.newFixedThreadPool(
            4 * Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "hearth-sync");
                t.setDaemon(true);
                return t;
            });

    /** One sync request, parsed; {@code since} null for an initial sync. */
    public record Request(UserId user, String deviceId, SyncToken since, SyncFilter filter, boolean fullState,
                          long timeoutMs) {}

    @Activate
    public SyncService(@Reference EventStore events, @Reference UserDataStore userData, @Reference Notifier notifier,
                       @Reference Typing typing, @Reference RoomAccess access, @Reference EncryptionSync encryption,
                       @Reference IgnoredUsers ignoredUsers, @Reference PresenceSync presence) {
        this.events = events;
        this.userData = userData;
        this.notifier = notifier;
        this.typing = typing;
        this.access = access;
        this.encryption = encryption;
        this.ignoredUsers = ignoredUsers;
        this.presence = presence;
    }

    @Deactivate
    void stop() {
        builders.shutdownNow();
    }

    public RouteResponse sync(Request request) throws MatrixException {
        if (request.since() == null || request.timeoutMs() <= 0 || request.fullState()) {
            return RouteResponse.ok(build(request).body);
        }
        Notifier.Waiter waiter = notifier.register(request.user().toString(), events.roomsOf(request.user(), JOIN));
        Answer now = build(request);
        if (now.news) {
            waiter.cancel();
            return RouteResponse.ok(now.body);
        }
        return RouteResponse.later(waiter.await(request.timeoutMs()).thenApplyAsync(v -> {
            try {
                return RouteResponse.ok(build(request).body);
            } catch (MatrixException e) {
                throw new CompletionException(e);
            }
        }, builders));
    }

    private record Answer(ObjectNode body, boolean news) {}

    private Answer build(Request request) throws MatrixException {
        UserId user = request.user();
        long since = request.since() == null ? -1 : request.since().events();
        long sinceTyping = request.since() == null ? 0 : request.since().typing();
        EncryptionSync.Positions e2eeUpTo = encryption.positions();
        long typingUpTo = typing.current();
        long presenceUpTo = presence.position();
        long sincePresence = request.since() == null ? 0 : request.since().presence();
        long upTo = events.currentStreamPosition();
        boolean full = since < 0 || request.fullState();
        ObjectNode body = F.objectNode();
        ObjectNode rooms = body.putObject("rooms");
        ObjectNode join = rooms.putObject("join");
        ObjectNode invite = rooms.putObject("invite");
        ObjectNode leave = rooms.putObject("leave");
        ObjectNode knock = rooms.putObject("knock");
        boolean news = false;
        IgnoredUsers.Ignored ignored = ignoredUsers.of(user);

        List<String> joined = events.roomsOf(user, JOIN);
        Set<String> changed = full ? new HashSet<>(joined)
                : new HashSet<>(events.roomsChanged(joined, since, upTo));
        List<UserDataStore.AccountData> accountData = userData.accountDataChanged(user, Math.max(since, 0), upTo);
        Map<String, RoomView> views = access.views(user, changed);
        for (String roomId : joined) {
            boolean roomData = accountData.stream().anyMatch(a -> roomId.equals(a.roomId()));
            boolean typingNews = full ? !typing.typers(roomId).isEmpty() : typing.changedSince(roomId, sinceTyping);
            if (!full && !changed.contains(roomId) && !roomData && !typingNews) {
                continue; // nothing new, not even the user's own join
            }
            RoomView view = views.get(roomId);
            if (view == null) {
                view = access.views(user, List.of(roomId)).get(roomId); // news without events: typing, account data
            }
            // Only a transition into join is a new join ("Syncing"): a profile change (join -> join) is not.
            boolean newlyJoined = full || view == null || !view.rules().joinedAt(since);
            ObjectNode section = roomSection(view, roomId, request, newlyJoined ? -1 : since, upTo, newlyJoined, ignored);
            ArrayNode ephemeral = section.putObject("ephemeral").putArray("events");
            if (typingNews) {
                ArrayNode typers = ephemeral.addObject().put("type", "m.typing").putObject("content").putArray("user_ids");
                typing.typers(roomId).forEach(typers::add);
            }
            section.putObject("account_data").set("events", accountDataEvents(accountData, roomId));
            ObjectNode unread = section.putObject("unread_notifications");
            unread.put("highlight_count", 0);
            unread.put("notification_count", 0);
            if (newlyJoined || request.filter().lazyLoadMembers()) {
                // Clients need the summary to name the room when they do not get every member.
                section.set("summary", summary(roomId, user));
            }
            join.set(roomId, section);
            news = true;
        }
        for (String roomId : changedSince(events.roomsOf(user, List.of("invite")), since, upTo, full)) {
            Optional<StoredEvent> inviteEvent = memberEvent(roomId, user);
            if (inviteEvent.isPresent() && (full || inviteEvent.get().streamPosition() > since)
                    && !ignored.hidesInvite(inviteEvent.get())) {
                invite.putObject(roomId).putObject("invite_state").set("events", strippedState(roomId, inviteEvent.get()));
                news = true;
            }
        }
        for (String roomId : changedSince(events.roomsOf(user, List.of("knock")), since, upTo, full)) {
            Optional<StoredEvent> knockEvent = memberEvent(roomId, user);
            if (knockEvent.isPresent() && (full || knockEvent.get().streamPosition() > since)) {
                knock.putObject(roomId).putObject("knock_state").set("events", strippedState(roomId, knockEvent.get()));
                news = true;
            }
        }
        Set<String> forgotten = new HashSet<>(userData.forgottenRooms(user));
        List<String> leftRooms = changedSince(events.roomsOf(user, List.of("leave", "ban")), since, upTo,
                full && request.filter().includeLeave());
        Map<String, RoomView> leftViews = access.views(user, leftRooms);
        for (String roomId : leftRooms) {
            Optional<StoredEvent> left = memberEvent(roomId, user);
            boolean include = left.isPresent() && !forgotten.contains(roomId)
                    && (since >= 0 ? left.get().streamPosition() > since : request.filter().includeLeave());
            if (include) {
                leave.set(roomId, roomSection(leftViews.get(roomId), roomId, request, since,
                        left.get().streamPosition(), true, ignored));
                news = true;
            }
        }
        ArrayNode globalData = accountDataEvents(accountData, null);
        body.putObject("account_data").set("events", globalData);
        news |= !globalData.isEmpty();
        news |= presence.addTo(body, user, sincePresence, presenceUpTo);
        EncryptionSync.Positions e2eeSince = request.since() == null ? null
                : new EncryptionSync.Positions(request.since().toDevice(), request.since().deviceLists());
        EncryptionSync.Result e2ee = encryption.addTo(body, user, request.deviceId(),
                new EncryptionSync.Window(e2eeSince, Math.max(since, 0), upTo, e2eeUpTo));
        news |= e2ee.news();
        body.put("next_batch", new SyncToken(Math.max(upTo, Math.max(since, 0)), Math.max(typingUpTo, sinceTyping),
                e2ee.next().toDevice(), e2ee.next().deviceLists(), Math.max(presenceUpTo, sincePresence)).toString());
        return new Answer(body, news);
    }

    /**
     * The rooms with events after {@code since}: only there can the user's membership have
     * changed, so the others need no look at all (a user may have hundreds of rooms).
     */
    private List<String> changedSince(List<String> rooms, long since, long upTo, boolean all) {
        if (all || rooms.isEmpty()) {
            return all ? rooms : List.of();
        }
        return since < 0 ? List.of() : events.roomsChanged(rooms, since, upTo);
    }

    private Optional<StoredEvent> memberEvent(String roomId, UserId user) {
        return events.currentStateEvent(roomId, "m.room.member", user.toString()).flatMap(events::event);
    }

    /**
     * Timeline and state of one room: the events in (since, upTo] the user may see (history
     * visibility; none when {@code view} is null, a room the user may read nothing of).
     */
    private ObjectNode roomSection(RoomView view, String roomId, Request request, long since, long upTo,
                                   boolean withState, IgnoredUsers.Ignored ignored) {
        UserId user = request.user();
        SyncFilter filter = request.filter();
        int limit = filter.timelineLimit();
        List<StoredEvent> newestFirst = List.of();
        boolean limited = false;
        if (view != null) {
            long from = Math.max(since, 0);
            VisiblePages.Page page;
            if (view.member() && !view.rules().covers(from + 1, upTo)) {
                // A member sees the current state anyway: its events stay in the timeline even where
                // the history visibility hides the others (as Synapse does), or a gap would hide a join.
                Set<String> current = new HashSet<>(events.currentState(roomId).values());
                RoomView whole = new RoomView(roomId, HistoryVisibility.EVERYTHING, null, true);
                page = VisiblePages.page(events, whole, upTo, from, true, limit + 1,
                        e -> (view.allows(e) || current.contains(e.eventId())) && ignored.test(e));
            } else {
                page = VisiblePages.page(events, view, upTo, from, true, limit + 1, ignored);
            }
            newestFirst = page.events();
            limited = newestFirst.size() > limit || !page.exhausted();
        }
        List<StoredEvent> timeline = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(timeline);

        ObjectNode section = F.objectNode();
        ObjectNode timelineJson = section.putObject("timeline");
        ArrayNode timelineEvents = timelineJson.putArray("events");
        Set<String> inTimeline = new HashSet<>();
        Set<String> senders = new HashSet<>();
        senders.add(user.toString());
        List<String> own = new ArrayList<>();
        for (StoredEvent e : timeline) {
            timelineEvents.add(ClientEvents.format(e, false));
            inTimeline.add(e.eventId());
            senders.add(e.sender());
            if (e.sender().equals(user.toString())) {
                own.add(e.eventId());
            }
        }
        if (!own.isEmpty() && request.deviceId() != null) {
            // The sending device matches its local echo by transaction ID ("Transaction identifiers").
            Map<String, String> txnIds = events.transactionIds(user, request.deviceId(), own);
            for (JsonNode event : timelineEvents) {
                String txnId = txnIds.get(event.get("event_id").asText());
                if (txnId != null) {
                    ((ObjectNode) event.get("unsigned")).put("transaction_id", txnId);
                }
            }
        }
        timelineJson.put("limited", limited);
        long start = timeline.isEmpty() ? upTo : timeline.get(0).streamPosition() - 1;
        timelineJson.put("prev_batch", StreamToken.of(start));

        ArrayNode state = section.putObject("state").putArray("events");
        if (withState || limited) {
            Map<StateKey, String> atStart = timeline.isEmpty() ? events.currentState(roomId) : StateBefore.of(events, timeline.get(0));
            List<String> ids = new ArrayList<>();
            atStart.forEach((key, eventId) -> {
                boolean member = "m.room.member".equals(key.type());
                if (!inTimeline.contains(eventId) && (!member || !filter.lazyLoadMembers() || senders.contains(key.stateKey()))) {
                    ids.add(eventId);
                }
            });
            events.events(ids).forEach(e -> state.add(ClientEvents.format(e, false)));
        }
        return section;
    }


    private ObjectNode summary(String roomId, UserId user) {
        Map<String, String> members = events.memberships(roomId);
        int joined = 0;
        int invited = 0;
        List<String> heroes = new ArrayList<>();
        for (Map.Entry<String, String> m : new java.util.TreeMap<>(members).entrySet()) {
            boolean isJoined = "join".equals(m.getValue());
            boolean isInvited = "invite".equals(m.getValue());
            joined += isJoined ? 1 : 0;
            invited += isInvited ? 1 : 0;
            if ((isJoined || isInvited) && !m.getKey().equals(user.toString()) && heroes.size() < 5) {
                heroes.add(m.getKey());
            }
        }
        ObjectNode summary = F.objectNode();
        ArrayNode heroList = summary.putArray("m.heroes");
        heroes.forEach(heroList::add);
        summary.put("m.joined_member_count", joined);
        summary.put("m.invited_member_count", invited);
        return summary;
    }

    private ArrayNode strippedState(String roomId, StoredEvent membership) {
        ArrayNode out = F.arrayNode();
        List<String> ids = new ArrayList<>();
        events.currentState(roomId).forEach((key, id) -> {
            if (STRIPPED_TYPES.contains(key.type())) {
                ids.add(id);
            }
        });
        events.events(ids).forEach(e -> out.add(ClientEvents.stripped(e)));
        out.add(ClientEvents.stripped(membership));
        return out;
    }

    private static ArrayNode accountDataEvents(List<UserDataStore.AccountData> changes, String roomId) {
        ArrayNode out = F.arrayNode();
        for (UserDataStore.AccountData data : changes) {
            if (java.util.Objects.equals(roomId, data.roomId())) {
                ObjectNode event = out.addObject();
                event.put("type", data.type());
                event.set("content", Json.stored(data.contentJson()));
            }
        }
        return out;
    }
}
