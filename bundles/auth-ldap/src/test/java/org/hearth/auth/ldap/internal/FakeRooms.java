package org.hearth.auth.ldap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearth.api.MatrixException;
import org.hearth.api.event.RoomEvent;
import org.hearth.api.id.EventId;
import org.hearth.api.id.RoomAlias;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.hearth.api.room.Membership;
import org.hearth.api.room.RoomService;
import org.hearth.api.room.RoomSpec;
import org.hearth.api.room.RoomViews;
import org.hearth.api.room.Viewer;

/**
 * Core's rooms, in memory, for the bundle's unit tests: memberships by room, aliases, and the
 * changes asked for. The integration tests run the group sync against core's real rooms.
 */
final class FakeRooms implements RoomService, RoomViews {
    final Map<RoomId, Map<UserId, Membership>> rooms = new ConcurrentHashMap<>();
    final Map<String, RoomId> aliases = new ConcurrentHashMap<>();
    final List<String> changes = new CopyOnWriteArrayList<>();

    void create(String roomId, String alias, UserId creator) {
        RoomId id = new RoomId(roomId);
        rooms.put(id, new ConcurrentHashMap<>(Map.of(creator, Membership.JOIN)));
        aliases.put(alias, id);
    }

    private Map<UserId, Membership> room(RoomId room) throws MatrixException {
        Map<UserId, Membership> members = rooms.get(room);
        if (members == null) {
            throw MatrixException.notFound("no room " + room);
        }
        return members;
    }

    private static EventId event() {
        return new EventId("$" + System.nanoTime());
    }

    @Override
    public RoomId resolve(RoomAlias alias) throws MatrixException {
        RoomId id = aliases.get(alias.toString());
        if (id == null) {
            throw MatrixException.notFound("no room " + alias);
        }
        return id;
    }

    @Override
    public Map<UserId, Membership> members(Viewer viewer, RoomId room) throws MatrixException {
        return Map.copyOf(room(room));
    }

    @Override
    public EventId invite(UserId sender, RoomId room, UserId target, String reason) throws MatrixException {
        room(room).put(target, Membership.INVITE);
        changes.add(sender + " invite " + target + " " + room);
        return event();
    }

    @Override
    public EventId join(UserId user, RoomId room, String reason) throws MatrixException {
        room(room).put(user, Membership.JOIN);
        changes.add(user + " join " + room);
        return event();
    }

    @Override
    public EventId kick(UserId sender, RoomId room, UserId target, String reason) throws MatrixException {
        room(room).put(target, Membership.LEAVE);
        changes.add(sender + " kick " + target + " " + room + ": " + reason);
        return event();
    }

    // What the group sync never asks for.

    @Override
    public RoomId create(UserId creator, RoomSpec spec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EventId send(UserId sender, RoomId room, String type, JsonNode content) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EventId setState(UserId sender, RoomId room, String type, String stateKey, JsonNode content) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EventId redact(UserId sender, RoomId room, EventId target, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EventId leave(UserId user, RoomId room, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EventId ban(UserId sender, RoomId room, UserId target, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EventId unban(UserId sender, RoomId room, UserId target, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void forget(UserId user, RoomId room) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RoomAlias> localAliases(RoomId room) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setAlias(RoomAlias alias, Optional<RoomId> room, UserId by) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean published(RoomId room) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setPublished(RoomId room, boolean published) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> roomVersion(RoomId room) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<RoomEvent> event(Viewer viewer, RoomId room, EventId event) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RoomEvent> state(Viewer viewer, RoomId room) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<RoomEvent> stateEvent(Viewer viewer, RoomId room, String type, String stateKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RoomEvent> messages(Viewer viewer, RoomId room, long from, boolean backwards, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RoomId> rooms(UserId user, Set<Membership> memberships) {
        throw new UnsupportedOperationException();
    }
}
