package org.hearth.storage.sql.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.exceptions.PersistenceException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.PushStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link PushStore} on the {@link Database}. */
@Component(service = PushStore.class)
public final class SqlPushStore implements PushStore {
    private static final String INSERT = "INSERT INTO push_notifications (user_id, room_id, event_id, stream_position,"
            + " thread_id, highlight, unread, actions, ts) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)"
            + " ON CONFLICT (user_id, stream_position) DO NOTHING";

    private final Database database;

    @Activate
    public SqlPushStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Optional<String> pushRules(UserId userId) {
        return database.read("PushStore.pushRules", PushMapper.class, m -> m.rules(userId));
    }

    @Override
    public void putPushRules(UserId userId, String json) {
        database.write("PushStore.putPushRules", PushMapper.class, m -> m.putRules(userId, json));
    }

    @Override
    public void addNotifications(String roomId, long streamPosition, String localSender, List<Notification> notifications) {
        if (notifications.isEmpty() && localSender == null) {
            return;
        }
        database.transaction("PushStore.addNotifications", session -> {
            if (localSender != null) {
                session.getMapper(PushMapper.class).markRead(localSender, roomId, null, streamPosition);
            }
            // A JDBC batch: a large room gives an event a thousand rows, too many for dynamic SQL.
            try (PreparedStatement insert = session.getConnection().prepareStatement(INSERT)) {
                for (Notification n : notifications) {
                    insert.setString(1, n.userId());
                    insert.setString(2, n.roomId());
                    insert.setString(3, n.eventId());
                    insert.setLong(4, n.streamPosition());
                    insert.setString(5, n.threadId());
                    insert.setInt(6, n.highlight() ? 1 : 0);
                    insert.setString(7, n.actionsJson());
                    insert.setLong(8, n.ts());
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw new PersistenceException(e);
            }
            return null;
        });
    }

    @Override
    public List<UnreadCount> unreadCounts(UserId userId, Collection<String> roomIds) {
        List<UnreadCount> out = new ArrayList<>();
        for (List<String> chunk : Chunks.of(roomIds)) {
            out.addAll(database.read("PushStore.unreadCounts", PushMapper.class, m -> m.unreadCounts(userId, chunk)));
        }
        return out;
    }

    @Override
    public List<Notification> notifications(UserId userId, long before, int limit, boolean onlyHighlight) {
        return database.read("PushStore.notifications", PushMapper.class,
                m -> m.notifications(userId, before, limit, onlyHighlight));
    }

    @Override
    public List<Notification> notificationsBetween(long after, long upTo) {
        return database.read("PushStore.notificationsBetween", PushMapper.class, m -> m.between(after, upTo));
    }

    @Override
    public void deletePushers(String appId, String pushkey) {
        database.write("PushStore.deletePushers", PushMapper.class, m -> m.deleteAll(appId, pushkey));
    }

    @Override
    public List<Pusher> pushers(UserId userId) {
        return database.read("PushStore.pushers", PushMapper.class, m -> m.pushers(userId));
    }

    @Override
    public List<Pusher> pushersOf(Collection<String> userIds) {
        List<Pusher> out = new ArrayList<>();
        for (List<String> chunk : Chunks.of(userIds)) {
            out.addAll(database.read("PushStore.pushersOf", PushMapper.class, m -> m.pushersOf(chunk)));
        }
        return out;
    }

    @Override
    public void putPusher(Pusher pusher, boolean append) {
        database.transaction("PushStore.putPusher", session -> {
            PushMapper mapper = session.getMapper(PushMapper.class);
            if (!append) {
                mapper.deleteOthers(pusher.userId(), pusher.appId(), pusher.pushkey());
            }
            return mapper.putPusher(pusher);
        });
    }

    @Override
    public void deletePusher(UserId userId, String appId, String pushkey) {
        database.write("PushStore.deletePusher", PushMapper.class, m -> m.deletePusher(userId, appId, pushkey));
    }
}
