package org.hearth.storage.sql.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.SlidingSyncStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link SlidingSyncStore} on the {@link Database}. */
@Component(service = SlidingSyncStore.class)
public final class SqlSlidingSyncStore implements SlidingSyncStore {
    private final Database database;

    @Activate
    public SqlSlidingSyncStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Optional<Saved> connectionState(UserId userId, String deviceId, String connId, long pos) {
        return database.read("SlidingSyncStore.connectionState", SlidingSyncMapper.class,
                m -> m.state(userId.toString(), deviceId, connId, pos));
    }

    @Override
    public void saveConnectionState(UserId userId, String deviceId, String connId, long pos, String stateJson,
                                    long keepFrom, long now) {
        // Shares a commit with the saves of other connections woken by the same event (a message
        // to a room many are syncing): one fsync for them all. Both statements may run twice.
        database.groupTransaction("SlidingSyncStore.saveConnectionState", session -> {
            SlidingSyncMapper m = session.getMapper(SlidingSyncMapper.class);
            m.save(userId.toString(), deviceId, connId, pos, stateJson, now);
            m.dropBelow(userId.toString(), deviceId, connId, keepFrom);
            return null;
        });
    }

    @Override
    public long startConnection(UserId userId, String deviceId, String connId, int keepOthers, long expireBefore) {
        String user = userId.toString();
        return database.writeResult("SlidingSyncStore.startConnection", SlidingSyncMapper.class, m -> {
            long latest = m.latestPos(user, deviceId, connId);
            m.drop(user, deviceId, connId);
            List<String> others = m.connections(user, deviceId);
            for (String other : others.subList(Math.min(keepOthers, others.size()), others.size())) {
                m.drop(user, deviceId, other);
            }
            m.expire(expireBefore);
            return latest;
        });
    }

    @Override
    public Map<String, Long> latestOfTypes(Collection<String> roomIds, Collection<String> types, long upTo) {
        Map<String, Long> out = new HashMap<>();
        if (roomIds.isEmpty() || types.isEmpty()) {
            return out;
        }
        List<String> typeList = List.copyOf(types);
        database.read("SlidingSyncStore.latestOfTypes", SlidingSyncMapper.class, m -> {
            for (List<String> chunk : Chunks.of(roomIds)) {
                m.latestOfTypes(chunk, typeList, upTo).forEach(l -> out.put(l.roomId(), l.position()));
            }
            return null;
        });
        return out;
    }
}
