package org.hearth.moderation.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.Clock;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.id.RoomId;
import org.hearth.api.id.UserId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms blocked on this server ({@code moderation_blocked_rooms}), with who blocked each;
 * each change is a line of the audit log. All of them are kept in memory as well: the policy
 * asks about every event a local user sends.
 */
@Component(service = BlockedRooms.class)
public class BlockedRooms {
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");
    private final BundleDatabase db;
    private final Clock clock;
    private final Map<String, UserId> blocked = new ConcurrentHashMap<>();

    @Activate
    public BlockedRooms(@Reference BundleDatabase db, @Reference Clock clock) {
        this.db = db;
        this.clock = clock;
        db.migrate("moderation", BlockedRooms.class.getClassLoader(), "moderation-migrations");
        blocked.putAll(db.read(c -> {
            Map<String, UserId> rows = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT room_id, blocked_by FROM moderation_blocked_rooms");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String room = row.getString(1);
                    UserId.parse(row.getString(2)).ifPresent(by -> rows.put(room, by));
                }
            }
            return rows;
        }));
    }

    public boolean isBlocked(RoomId room) {
        return blocked.containsKey(room.value());
    }

    /** The administrator who blocked the room, when it is blocked. */
    public Optional<UserId> blockedBy(RoomId room) {
        return Optional.ofNullable(blocked.get(room.value()));
    }

    /**
     * Blocks the room; a room blocked already keeps who blocked it first. Synchronized with
     * {@link #unblock}, so the table and the memory agree when both race.
     */
    public synchronized void block(RoomId room, UserId by) {
        db.transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO moderation_blocked_rooms "
                    + "(room_id, blocked_by, blocked_at) VALUES (?, ?, ?) ON CONFLICT (room_id) DO NOTHING")) {
                insert.setString(1, room.value());
                insert.setString(2, by.toString());
                insert.setLong(3, clock.millis());
                return insert.executeUpdate();
            }
        });
        blocked.putIfAbsent(room.value(), by);
        AUDIT.info("Room {} blocked by {}", room, by);
    }

    public synchronized void unblock(RoomId room, UserId by) {
        db.transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM moderation_blocked_rooms WHERE room_id = ?")) {
                delete.setString(1, room.value());
                return delete.executeUpdate();
            }
        });
        blocked.remove(room.value());
        AUDIT.info("Room {} unblocked by {}", room, by);
    }
}
