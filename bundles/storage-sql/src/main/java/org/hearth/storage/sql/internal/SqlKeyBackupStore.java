package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.KeyBackupStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link KeyBackupStore} on the {@link Database}. Writes to a user's backup take the row of the
 * user's current version first (locked until commit on PostgreSQL), so a key upload never lands
 * in a version that a concurrent request made old.
 */
@Component(service = KeyBackupStore.class)
public final class SqlKeyBackupStore implements KeyBackupStore {
    private final Database database;

    @Activate
    public SqlKeyBackupStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public long createVersion(UserId userId, String algorithm, String authDataJson) {
        return database.writeResult("KeyBackupStore.createVersion", KeyBackupMapper.class, m -> {
            m.lockCurrent(userId);
            return m.create(userId, algorithm, authDataJson);
        });
    }

    @Override
    public Optional<Version> currentVersion(UserId userId) {
        return database.read("KeyBackupStore.currentVersion", KeyBackupMapper.class, m -> m.current(userId));
    }

    @Override
    public Optional<Version> version(UserId userId, long version) {
        return database.read("KeyBackupStore.version", KeyBackupMapper.class, m -> m.find(userId, version));
    }

    @Override
    public boolean existed(UserId userId, long version) {
        return database.read("KeyBackupStore.existed", KeyBackupMapper.class, m -> m.existed(userId, version));
    }

    @Override
    public boolean updateVersion(UserId userId, long version, String authDataJson) {
        return database.writeResult("KeyBackupStore.updateVersion", KeyBackupMapper.class,
                m -> m.update(userId, version, authDataJson) > 0);
    }

    @Override
    public boolean deleteVersion(UserId userId, long version) {
        return database.writeResult("KeyBackupStore.deleteVersion", KeyBackupMapper.class, m -> {
            if (m.markDeleted(userId, version) == 0) {
                return false;
            }
            m.deleteAll(version);
            return true;
        });
    }

    @Override
    public Optional<Version> putKeys(UserId userId, long version, List<RoomKey> keys, KeyPreference preference) {
        return database.writeResult("KeyBackupStore.putKeys", KeyBackupMapper.class, m -> {
            Optional<Version> current = m.lockCurrent(userId);
            if (current.isEmpty() || current.get().version() != version) {
                return Optional.empty();
            }
            long added = 0;
            boolean changed = false;
            for (RoomKey key : keys) {
                Optional<RoomKey> stored = m.key(version, key.roomId(), key.sessionId());
                if (stored.isEmpty() || preference.replaces(stored.get(), key)) {
                    m.put(version, key);
                    added += stored.isEmpty() ? 1 : 0;
                    changed = true;
                }
            }
            if (changed) {
                m.changed(version, added);
            }
            return m.find(userId, version);
        });
    }

    @Override
    public List<RoomKey> keys(UserId userId, long version, String roomId, String sessionId) {
        return database.read("KeyBackupStore.keys", KeyBackupMapper.class, m -> {
            if (m.find(userId, version).isEmpty()) {
                return List.of(); // another user's version, or deleted
            }
            if (roomId == null) {
                return m.all(version);
            }
            return sessionId == null ? m.ofRoom(version, roomId) : m.key(version, roomId, sessionId).stream().toList();
        });
    }

    @Override
    public Optional<Version> deleteKeys(UserId userId, long version, String roomId, String sessionId) {
        return database.writeResult("KeyBackupStore.deleteKeys", KeyBackupMapper.class, m -> {
            if (m.find(userId, version).isEmpty()) {
                return Optional.empty();
            }
            int deleted = roomId == null ? m.deleteAll(version)
                    : sessionId == null ? m.deleteRoom(version, roomId) : m.deleteSession(version, roomId, sessionId);
            if (deleted > 0) {
                m.changed(version, -deleted);
            }
            return m.find(userId, version);
        });
    }
}
