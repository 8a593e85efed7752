package org.hearth.auth.ldap.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.room.RoomMembership;

/** Core's room membership, in memory: rooms by ID and alias, and the changes asked for. */
final class FakeRooms implements RoomMembership {
    /** room ID → user → membership */
    final Map<String, Map<UserId, String>> rooms = new ConcurrentHashMap<>();
    final Map<String, String> aliases = new ConcurrentHashMap<>();
    final List<String> changes = new CopyOnWriteArrayList<>();

    void create(String roomId, String alias, UserId creator) {
        rooms.put(roomId, new ConcurrentHashMap<>(Map.of(creator, "join")));
        aliases.put(alias, roomId);
    }

    @Override
    public String resolve(String roomIdOrAlias) throws MatrixException {
        String roomId = aliases.getOrDefault(roomIdOrAlias, roomIdOrAlias);
        if (!rooms.containsKey(roomId)) {
            throw MatrixException.notFound("no room " + roomIdOrAlias);
        }
        return roomId;
    }

    @Override
    public Set<UserId> members(String roomId, String membership) {
        return rooms.get(roomId).entrySet().stream().filter(e -> e.getValue().equals(membership))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    @Override
    public void invite(UserId sender, String roomId, UserId target) {
        rooms.get(roomId).put(target, "invite");
        changes.add(sender + " invite " + target + " " + roomId);
    }

    @Override
    public void join(UserId user, String roomId) {
        rooms.get(roomId).put(user, "join");
        changes.add(user + " join " + roomId);
    }

    @Override
    public void kick(UserId sender, String roomId, UserId target, String reason) {
        rooms.get(roomId).put(target, "leave");
        changes.add(sender + " kick " + target + " " + roomId + ": " + reason);
    }
}
