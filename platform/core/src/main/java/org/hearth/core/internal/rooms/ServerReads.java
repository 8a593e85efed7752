package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.EventFlags;
import org.hearth.api.spi.storage.EventPlacement;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.PartialStateRoom;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * What another server may read of this server's rooms (Server-Server API, "Retrieving events",
 * "Backfilling and retrieving missing events", "Room State"): the room's server ACL must allow
 * it and one of its users must be joined to the room now (as Synapse asks of /event, /backfill,
 * /get_missing_events and /state). The server sees an event whole when the room's history was
 * shared or world readable at it, or one of its users was joined (invited, for "invited") at it
 * ("Server behaviour" of history visibility), and the events of users who asked for erasure
 * redacted ({@link ErasedSenders}). Any other event is served in its room version's redacted
 * form, not withheld, as Synapse does: the asking server can still walk the DAG and check
 * signatures and the event ID (the content hash then fails, so it keeps the redacted form:
 * "Checks performed on receipt of a PDU", step 3). Every list is bounded.
 */
public final class ServerReads {
    /** The most events a backfill or missing events answer holds. */
    static final int MAX_EVENTS = 100;
    /** The most auth chain events a state answer holds. */
    static final int MAX_AUTH_CHAIN = 20_000;

    private static final Set<String> STRIPPED = Set.of("m.room.create", "m.room.join_rules", "m.room.name",
            "m.room.avatar", "m.room.canonical_alias", "m.room.encryption", "m.room.topic");
    static final List<String> JOIN = List.of("join");
    private static final List<String> NOT_JOINED = List.of("invite", "leave", "ban", "knock");

    private final EventStore events;
    private final ServerName self;
    private final ErasedSenders erased;
    /**
     * The servers with a user joined in a state group, by group (groups never change once written):
     * the messages of a room share one, so the servers of a room of 10,000 members are not read
     * again from its member events for each message sent to them.
     */
    private final Cache<Long, Set<String>> joinedServers = Caffeine.newBuilder().maximumSize(1_000).build();

    public ServerReads(EventStore events, ServerName self, ErasedSenders erased) {
        this.events = events;
        this.self = self;
        this.erased = erased;
    }

    /** 403 {@code M_FORBIDDEN} when the room's server ACL denies the origin. */
    public void checkAcl(ServerName origin, String roomId) throws MatrixException {
        if (!acl(roomId).allows(origin.value())) {
            throw MatrixException.forbidden("Server " + origin + " is denied by the room's server ACL");
        }
    }

    private ServerAcl acl(String roomId) {
        return acl(events, roomId);
    }

    /** The room's current {@code m.room.server_acl}; none allows every server. */
    static ServerAcl acl(EventStore events, String roomId) {
        return events.currentStateEvent(roomId, "m.room.server_acl", "").flatMap(events::event)
                .map(e -> new ServerAcl(StoredEvents.pdu(e).content())).orElse(ServerAcl.NONE);
    }

    /** 403 unless one of the origin's users is joined to the room now (required to read its state). */
    public void checkInRoom(ServerName origin, String roomId) throws MatrixException {
        checkAcl(origin, roomId);
        boolean in = events.memberships(roomId, origin).containsValue("join");
        if (!in) {
            throw MatrixException.forbidden("Server " + origin + " is not in room " + roomId);
        }
    }

    /** {@code GET /event/{eventId}}: 404 when unknown here, 403 when the origin is not in its room. */
    public JsonNode event(ServerName origin, String eventId) throws MatrixException {
        StoredEvent event = events.event(eventId).orElseThrow(() -> MatrixException.notFound("Unknown event"));
        checkInRoom(origin, event.roomId());
        return StoredEvents.json(servedTo(origin, event, erased.among(List.of(event))));
    }

    /** The stored PDU of an event (the federation sender's). */
    public JsonNode pdu(String eventId) throws MatrixException {
        return events.event(eventId).map(StoredEvents::json).orElseThrow(() -> MatrixException.notFound("Unknown event"));
    }

    /** {@code /state} ({@code ids} false) or {@code /state_ids}: the state before the event, with its auth chain. */
    public JsonNode state(ServerName origin, String roomId, String at, boolean ids) throws MatrixException {
        checkInRoom(origin, roomId);
        StoredEvent event = inRoom(roomId, at);
        for (EventFlags f : events.flags(List.of(at))) {
            if (f.status() == EventPlacement.Status.OUTLIER || f.status() == EventPlacement.Status.REJECTED) {
                // no state at an outlier; none worth giving at a rejected event
                throw MatrixException.notFound("No state at event " + at);
            }
        }
        Collection<String> state = StateBefore.of(events, event).values();
        List<String> chain = events.authChain(state, MAX_AUTH_CHAIN);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        if (ids) {
            state.forEach(answer.putArray("pdu_ids")::add);
            chain.forEach(answer.putArray("auth_chain_ids")::add);
        } else {
            answer.set("pdus", pdus(state));
            answer.set("auth_chain", pdus(chain));
        }
        return answer;
    }

    /** {@code /event_auth}: the event's auth chain. */
    public JsonNode eventAuth(ServerName origin, String roomId, String eventId) throws MatrixException {
        checkInRoom(origin, roomId);
        inRoom(roomId, eventId);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("auth_chain", pdus(events.authChain(List.of(eventId), MAX_AUTH_CHAIN)));
        return answer;
    }

    /**
     * {@code /backfill}: the events from {@code from} backwards along prev_events, highest depth
     * first, at most {@code limit}.
     */
    public JsonNode backfill(ServerName origin, String roomId, List<String> from, int limit) throws MatrixException {
        checkInRoom(origin, roomId);
        List<StoredEvent> found = walkBack(roomId, from, Set.of(), Math.max(0, Math.min(limit, MAX_EVENTS)), 0);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("origin", self.value());
        answer.put("origin_server_ts", System.currentTimeMillis());
        ArrayNode pdus = answer.putArray("pdus");
        Set<String> erasedSenders = erased.among(found);
        for (StoredEvent e : found) {
            pdus.add(StoredEvents.json(servedTo(origin, e, erasedSenders)));
        }
        return answer;
    }

    /**
     * {@code /get_missing_events}: the events before {@code latest} back to (not including)
     * {@code earliest}, at least {@code minDepth} deep, oldest first.
     */
    public JsonNode missingEvents(ServerName origin, String roomId, List<String> earliest, List<String> latest,
                                  int limit, long minDepth) throws MatrixException {
        checkInRoom(origin, roomId);
        List<String> starts = new ArrayList<>();
        for (StoredEvent e : events.events(latest)) {
            if (e.roomId().equals(roomId)) {
                starts.addAll(StoredEvents.pdu(e).prevEvents());
            }
        }
        List<StoredEvent> found = walkBack(roomId, starts, new HashSet<>(earliest),
                Math.max(0, Math.min(limit, MAX_EVENTS)), minDepth);
        found.sort(Comparator.comparingLong(StoredEvent::depth));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode list = answer.putArray("events");
        Set<String> erasedSenders = erased.among(found);
        for (StoredEvent e : found) {
            list.add(StoredEvents.json(servedTo(origin, e, erasedSenders)));
        }
        return answer;
    }

    /**
     * The servers that must get a local event: those with a user joined to the room after it
     * (and the target's server of a membership event other than an invite), not this one, not those the ACL denies.
     */
    public Set<ServerName> destinations(String roomId, String eventId) throws MatrixException {
        StoredEvent event = inRoom(roomId, eventId);
        Optional<PartialStateRoom> partial = events.partialState(roomId);
        Optional<Long> group = events.stateGroupOf(eventId);
        // A partial state's groups are completed in place: not kept.
        Set<String> servers = new LinkedHashSet<>(group.isEmpty() ? Set.of()
                : partial.isPresent() ? joinedServers(roomId, group.get()) : joinedServersAfter(event, group.get()));
        // an invite reached its target's server through /invite already, and that server may not
        // know the room (SyTest's stops at a PDU of an unknown room)
        if ("m.room.member".equals(event.type()) && event.stateKey() != null
                && !"invite".equals(StoredEvents.pdu(event).content().path("membership").asText())) {
            UserId.parse(event.stateKey()).ifPresent(u -> servers.add(u.server().value()));
        }
        // a room joined with partial state: the servers in it that its known members do not name yet
        partial.ifPresent(p -> servers.addAll(p.servers()));
        servers.remove(self.value());
        ServerAcl acl = acl(roomId);
        Set<ServerName> out = new LinkedHashSet<>();
        for (String s : servers) {
            if (acl.allows(s) && ServerName.isValid(s)) {
                out.add(new ServerName(s));
            }
        }
        return out;
    }

    /**
     * The servers joined after a local event, from those before it when they are kept: the state
     * after is the state before and the event, so only a member leaving (whose server may keep
     * other members) needs the members read. The events of a room go out in order, so each join
     * of a busy room costs one read, not one of every member.
     */
    private Set<String> joinedServersAfter(StoredEvent event, long stateGroup) {
        Set<String> kept = joinedServers.getIfPresent(stateGroup);
        if (kept != null) {
            return kept;
        }
        String membership = "m.room.member".equals(event.type()) ? StoredContent.text(event, "membership") : null;
        Set<String> before = membership != null && !"join".equals(membership) ? null
                : events.stateGroupBefore(event.eventId()).map(joinedServers::getIfPresent).orElse(null);
        Set<String> after;
        if (before == null) {
            after = joinedServers(event.roomId(), stateGroup);
        } else if (membership == null) {
            after = before;
        } else {
            Set<String> joined = new LinkedHashSet<>(before);
            UserId.parse(event.stateKey()).ifPresent(u -> joined.add(u.server().value()));
            after = Collections.unmodifiableSet(joined);
        }
        joinedServers.put(stateGroup, after);
        return after;
    }

    /**
     * The servers with a user joined in the state group's state. When the group is the room's
     * current state (the state after its only forward extremity, the same before and after the
     * read: nothing was written meanwhile), the store names the servers of the room's joined
     * members ({@link EventStore#memberServers}) without reading each member event of a room of
     * thousands; else they are read from the group's member events.
     */
    private Set<String> joinedServers(String roomId, long stateGroup) {
        Optional<String> head = onlyExtremityWith(roomId, stateGroup);
        if (head.isPresent()) {
            Set<String> servers = new LinkedHashSet<>(events.memberServers(roomId, JOIN));
            if (head.equals(onlyExtremityWith(roomId, stateGroup))) {
                return Collections.unmodifiableSet(servers);
            }
        }
        List<String> members = events.state(stateGroup).entrySet().stream()
                .filter(e -> e.getKey().type().equals("m.room.member")).map(Map.Entry::getValue).toList();
        Set<String> servers = new LinkedHashSet<>();
        for (StoredEvent member : events.events(members)) {
            if ("join".equals(StoredContent.text(member, "membership"))) {
                UserId.parse(member.stateKey()).ifPresent(u -> servers.add(u.server().value()));
            }
        }
        return Collections.unmodifiableSet(servers);
    }

    /** The room's only forward extremity when the state after it is this group. */
    private Optional<String> onlyExtremityWith(String roomId, long stateGroup) {
        List<String> extremities = events.forwardExtremities(roomId);
        if (extremities.size() != 1 || !events.stateGroupOf(extremities.get(0)).equals(Optional.of(stateGroup))) {
            return Optional.empty();
        }
        return Optional.of(extremities.get(0));
    }

    /** The room's create event in its current state, if this server holds that state. */
    public Optional<String> createEvent(String roomId) {
        return events.currentStateEvent(roomId, "m.room.create", "");
    }

    /** Whether a user of this server is joined to the room. */
    public boolean hasLocalMember(String roomId) {
        return hasJoined(roomId, true);
    }

    /** Whether a user of another server is joined to the room, as its state here says. */
    public boolean hasRemoteMember(String roomId) {
        return hasJoined(roomId, false);
    }

    private boolean hasJoined(String roomId, boolean local) {
        return events.memberServers(roomId, JOIN).stream().anyMatch(server -> server.equals(self.value()) == local);
    }

    /**
     * The servers of the room's members known here, joined ones first; for a room known only by
     * an invite, the inviter's.
     */
    public List<ServerName> serversOf(String roomId) {
        Set<String> servers = new LinkedHashSet<>(events.memberServers(roomId, JOIN));
        servers.addAll(events.memberServers(roomId, NOT_JOINED));
        servers.addAll(events.stateSenderServers(roomId));
        servers.remove(self.value());
        return servers.stream().filter(ServerName::isValid).map(ServerName::new).toList();
    }

    /**
     * The stripped state of the room a knocking or invited user is shown (Client-Server API,
     * "Stripped state"); for an invite also the inviter's membership, so that the invitee sees who
     * invited them (as Synapse sends it; "the server might include events not described here").
     *
     * @param inviter null for a knock
     */
    public ArrayNode strippedState(String roomId, String inviter) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        List<String> ids = events.currentState(roomId).entrySet().stream()
                .filter(e -> STRIPPED.contains(e.getKey().type())
                        || "m.room.member".equals(e.getKey().type()) && e.getKey().stateKey().equals(inviter))
                .map(Map.Entry::getValue).toList();
        for (StoredEvent e : events.events(ids)) {
            ObjectNode json = StoredEvents.json(e);
            ObjectNode stripped = list.addObject();
            for (String field : List.of("type", "state_key", "sender", "content")) {
                stripped.set(field, json.get(field));
            }
        }
        return list;
    }

    private StoredEvent inRoom(String roomId, String eventId) throws MatrixException {
        return events.event(eventId).filter(e -> e.roomId().equals(roomId))
                .orElseThrow(() -> MatrixException.notFound("Unknown event " + eventId + " in room " + roomId));
    }

    /** Breadth first along prev_events from {@code from} (included), stopping at {@code stop}. */
    private List<StoredEvent> walkBack(String roomId, List<String> from, Set<String> stop, int limit, long minDepth) {
        List<StoredEvent> found = new ArrayList<>();
        Set<String> seen = new HashSet<>(stop);
        Deque<String> queue = new ArrayDeque<>();
        from.stream().limit(MAX_EVENTS).forEach(id -> {
            if (seen.add(id)) {
                queue.add(id);
            }
        });
        while (!queue.isEmpty() && found.size() < limit) {
            List<String> batch = new ArrayList<>();
            while (!queue.isEmpty() && batch.size() < limit - found.size()) {
                batch.add(queue.poll());
            }
            List<StoredEvent> level = new ArrayList<>(events.events(batch));
            level.sort(Comparator.comparingLong(StoredEvent::depth).reversed());
            for (StoredEvent e : level) {
                if (!e.roomId().equals(roomId) || e.depth() < minDepth || found.size() >= limit) {
                    continue;
                }
                found.add(e);
                for (String prev : StoredEvents.pdu(e).prevEvents()) {
                    if (seen.add(prev)) {
                        queue.add(prev);
                    }
                }
            }
        }
        return found;
    }

    /** The stored PDUs, in the order of the IDs; rejected ones left out. */
    private ArrayNode pdus(Collection<String> ids) {
        Set<String> rejected = new HashSet<>();
        for (EventFlags f : events.flags(ids)) {
            if (f.status() == EventPlacement.Status.REJECTED) {
                rejected.add(f.eventId());
            }
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (StoredEvent e : events.events(ids)) {
            if (!rejected.contains(e.eventId())) {
                list.add(StoredEvents.json(e));
            }
        }
        return list;
    }

    /**
     * The event as the origin is served it: redacted when the origin may not see it, or when its
     * sender is among {@code erasedSenders}. For an erased sender, whether a user of the origin
     * was there does not matter: a server that had the event keeps its copy, one that joins after
     * the request gets the redacted one (the spec's erasure), as Synapse does (and SyTest checks
     * with a server that was in the room).
     */
    private StoredEvent servedTo(ServerName origin, StoredEvent event, Set<String> erasedSenders) {
        if (event.redactedBy() != null) {
            return event; // stored redacted already
        }
        return erasedSenders.contains(event.sender()) || !visible(origin, event) ? erased.redacted(event) : event;
    }

    /**
     * History visibility for a server: shared or world readable at the event, or a user of the
     * server joined (or invited, for "invited") there. A state event is judged by the state it
     * makes, as Synapse judges it: the join of a server's user is whole to that server. Reads one
     * entry of the state before the event and the memberships of the server's users there, not
     * the whole state: a server catching up on a room of 10,000 members asks of many events.
     */
    private boolean visible(ServerName origin, StoredEvent event) {
        Optional<Long> before = StateBefore.group(events, event);
        Optional<StoredEvent> setting = "m.room.history_visibility".equals(event.type()) && "".equals(event.stateKey())
                ? Optional.of(event)
                : before.flatMap(g -> events.stateEvent(g, "m.room.history_visibility", "")).flatMap(events::event);
        String visibility = setting.map(e -> StoredEvents.pdu(e).content().path("history_visibility").asText())
                .orElse("shared");
        if ("shared".equals(visibility) || "world_readable".equals(visibility)) {
            return true;
        }
        Map<String, String> memberships = new HashMap<>(before.map(g -> events.memberships(g, origin)).orElse(Map.of()));
        if ("m.room.member".equals(event.type()) && event.stateKey() != null
                && event.stateKey().endsWith(":" + origin.value())) {
            memberships.put(event.stateKey(), StoredEvents.pdu(event).content().path("membership").asText());
        }
        for (String membership : memberships.values()) {
            if ("join".equals(membership) || "invited".equals(visibility) && "invite".equals(membership)) {
                return true;
            }
        }
        return false;
    }
}
