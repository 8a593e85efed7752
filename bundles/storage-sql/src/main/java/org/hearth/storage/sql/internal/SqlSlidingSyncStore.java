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
    public Optional<String> connectionState(UserId userId, String deviceId, String connId, long pos) {
        return database.read("SlidingSyncStore.connectionState", SlidingSyncMapper.class,
                m -> m.state(userId.toString(), deviceId, connId, pos));
    }

    @Override
    public void saveConnectionState(UserId userId, String deviceId, String connId, long pos, String stateJson,
                                    long keepFrom, long now) {
        database.write("SlidingSyncStore.saveConnectionState", SlidingSyncMapper.class, m -> {
            m.save(userId.toString(), deviceId, connId, pos, stateJson, now);
            m.dropBelow(userId.toString(), deviceId, connId, keepFrom);
        });
    }

    @Override
    public long latestPos(UserId userId, String deviceId, String connId) {
        return database.read("SlidingSyncStore.latestPos", SlidingSyncMapper.class,
                m -> m.latestPos(userId.toString(), deviceId, connId));
    }

    @Override
    public void dropConnection(UserId userId, String deviceId, String connId) {
        database.write("SlidingSyncStore.dropConnection", SlidingSyncMapper.class,
                m -> m.drop(userId.toString(), deviceId, connId));
    }

    @Override
    public void keepNewestConnections(UserId userId, String deviceId, int keep) {
        database.write("SlidingSyncStore.keepNewestConnections", SlidingSyncMapper.class, m -> {
            List<String> connections = m.connections(userId.toString(), deviceId);
            for (String connId : connections.subList(Math.min(keep, connections.size()), connections.size())) {
                m.drop(userId.toString(), deviceId, connId);
            }
        });
    }

    @Override
    public int expireBefore(long before) {
        return database.writeResult("SlidingSyncStore.expireBefore", SlidingSyncMapper.class, m -> m.expire(before));
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
