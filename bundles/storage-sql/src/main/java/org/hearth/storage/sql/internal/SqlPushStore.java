package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.PushStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link PushStore} on the {@link Database}. */
@Component(service = PushStore.class)
public final class SqlPushStore implements PushStore {
    private final Database database;
    private final UnreadCountsKept unreadCounts;
    private final PushSlots slots;

    @Activate
    public SqlPushStore(@Reference Database database, @Reference UnreadCountsKept unreadCounts,
                        @Reference PushSlots slots) {
        this.database = database;
        this.unreadCounts = unreadCounts;
        this.slots = slots;
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
        for (Notification n : notifications) {
            if (!n.roomId().equals(roomId) || !n.eventId().equals(notifications.get(0).eventId())) {
                throw new IllegalArgumentException("a notification of " + n.eventId() + " in " + n.roomId()
                        + " among those of one event in " + roomId);
            }
        }
        Notification first = notifications.isEmpty() ? null : notifications.get(0);
        addNotified(roomId, streamPosition, first == null ? "" : first.eventId(), first == null ? 0 : first.ts(),
                localSender, Notified.of(notifications));
    }

    @Override
    public void addNotified(String roomId, long streamPosition, String eventId, long ts, String localSender,
                            List<Notified> notified) {
        if (notified.isEmpty() && localSender == null) {
            return;
        }
        PushSlots.Room numbers = slots.of(roomId, NotificationRows.named(notified));
        try (UnreadCountsKept.Write counts = unreadCounts.begin(List.of(roomId))) {
            database.transaction("PushStore.addNotifications", session -> {
                counts.restart();
                StatementPipeline rows = new StatementPipeline(session);
                // Written before (evaluated again after a restart): the first write stands, whatever
                // its outcomes were, so that nobody is notified twice of the event.
                boolean written = !notified.isEmpty()
                        && session.getMapper(PushMapper.class).groupsAt(roomId, streamPosition) > 0;
                NotificationRows.write(rows, roomId, PositionSql.of(streamPosition), eventId, ts, localSender,
                        written ? List.of() : notified, numbers, counts);
                rows.send();
                return null;
            });
            counts.committed();
        }
    }

    @Override
    public List<UnreadCount> unreadCounts(UserId userId, Collection<String> roomIds) {
        return unreadCounts.get(userId.toString(), roomIds, missing -> {
            List<UnreadCount> out = new ArrayList<>();
            for (List<String> chunk : Chunks.of(missing)) {
                out.addAll(database.read("PushStore.unreadCounts", PushMapper.class,
                        m -> m.unreadCounts(userId, IdList.of(chunk))));
            }
            return out;
        });
    }

    @Override
    public List<Notification> notifications(UserId userId, long before, int limit, boolean onlyHighlight) {
        return database.read("PushStore.notifications", PushMapper.class,
                m -> m.notifications(userId, before, limit, onlyHighlight ? 1 : 0));
    }

    @Override
    public List<Pusher> pushersNotifiedBetween(long after, long upTo) {
        return database.read("PushStore.pushersNotifiedBetween", PushMapper.class, m -> m.notifiedBetween(after, upTo));
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
            // The stream's head, read in the transaction: the new pusher owes nothing stored before it.
            return mapper.putPusher(pusher, session.getMapper(StreamMapper.class).current());
        });
    }

    @Override
    public void deletePusher(UserId userId, String appId, String pushkey) {
        database.write("PushStore.deletePusher", PushMapper.class, m -> m.deletePusher(userId, appId, pushkey));
    }

    @Override
    public Optional<PusherProgress> pusherProgress(String userId, String appId, String pushkey) {
        return database.read("PushStore.pusherProgress", PushMapper.class, m -> m.progress(userId, appId, pushkey))
                .map(PusherRow::progress);
    }

    @Override
    public List<PusherProgress> pushersBehind(long upTo) {
        return database.read("PushStore.pushersBehind", PushMapper.class, m -> m.behind(upTo)).stream()
                .map(PusherRow::progress).toList();
    }

    @Override
    public List<Notification> notificationsOf(String userId, long after, long upTo, int limit) {
        return database.read("PushStore.notificationsOf", PushMapper.class,
                m -> m.notificationsOf(userId, after, upTo, limit));
    }

    @Override
    public void pusherDelivered(String userId, String appId, String pushkey, long position) {
        // Many pushers move at once (one message, many members): their moves share a commit. Positions
        // only grow, so a move run again after a failed group changes nothing more.
        database.groupTransaction("PushStore.pusherDelivered",
                session -> session.getMapper(PushMapper.class).delivered(userId, appId, pushkey, position));
    }
}
