package org.hearth.storage.sql.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hearth.api.WritesUnderWay;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.DeviceStore;
import org.hearth.api.spi.storage.NewSession;
import org.hearth.api.spi.storage.RefreshToken;
import org.hearth.api.spi.storage.Session;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link DeviceStore} on the {@link Database}.
 *
 * <p>Refresh tokens form short chains through {@code next_id}: a token, and the successor it was
 * exchanged for until that successor (or its access token) is first used. Deleting a refresh
 * token deletes its access token (foreign key), so revoking a token is one DELETE.
 */
@Component(service = DeviceStore.class)
public final class SqlDeviceStore implements DeviceStore {
    private final Database database;
    private final KeyCountsKept keyCounts;

    @Activate
    public SqlDeviceStore(@Reference Database database, @Reference KeyCountsKept keyCounts) {
        this.database = database;
        this.keyCounts = keyCounts;
    }

    @Override
    public void createSession(NewSession session) {
        database.transaction("DeviceStore.createSession", transaction -> {
            DeviceMapper m = transaction.getMapper(DeviceMapper.class);
            boolean newDevice = m.device(session.userId(), session.deviceId()).isEmpty();
            m.upsertDevice(session);
            Long refreshId = session.refreshTokenHash() == null ? null
                    : m.insertRefreshToken(session.refreshTokenHash(), session.userId(), session.deviceId(), session.now());
            m.insertAccessToken(session.accessTokenHash(), session.userId(), session.deviceId(),
                    session.accessExpiresAt(), refreshId, session.now());
            if (newDevice) {
                DeviceListChanges.toEveryone(database, transaction, session.userId());
            }
            return null;
        });
    }

    @Override
    public Optional<Session> findByAccessToken(byte[] accessTokenHash) {
        return database.read("DeviceStore.findByAccessToken", DeviceMapper.class, m -> m.findSession(accessTokenHash));
    }

    @Override
    public void markUsed(Session session) {
        database.write("DeviceStore.markUsed", DeviceMapper.class, m -> {
            // The predecessor first: a concurrent rotate locks it before it touches this token.
            if (session.refreshTokenId() != null) {
                m.deletePredecessor(session.refreshTokenId());
            }
            m.markUsed(session.accessTokenId());
        });
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(byte[] refreshTokenHash) {
        return database.read("DeviceStore.findRefreshToken", DeviceMapper.class, m -> m.findRefreshToken(refreshTokenHash));
    }

    @Override
    public void rotate(RefreshToken old, byte[] newAccessTokenHash, Long newAccessExpiresAt, byte[] newRefreshTokenHash,
                       long now) {
        database.write("DeviceStore.rotate", DeviceMapper.class, m -> {
            // Re-read under lock: a concurrent rotate or logout may have changed it since the caller looked.
            Optional<RefreshToken> current = m.lockRefreshToken(old.id());
            if (current.isEmpty()) {
                return; // revoked meanwhile: the new tokens are not stored, so they will not work
            }
            RefreshToken token = current.get();
            m.deletePredecessor(token.id());
            if (token.nextId() != null) {
                m.deleteIfUnused(token.nextId());
            }
            long next = m.insertRefreshToken(newRefreshTokenHash, token.userId(), token.deviceId(), now);
            m.insertAccessToken(newAccessTokenHash, token.userId(), token.deviceId(), newAccessExpiresAt, next, now);
            m.setNextId(token.id(), next);
        });
    }

    @Override
    public void deleteAccessToken(long accessTokenId) {
        database.write("DeviceStore.deleteAccessToken", DeviceMapper.class, m -> {
            Optional<RefreshToken> refresh = m.refreshTokenOf(accessTokenId);
            m.deleteAccessToken(accessTokenId);
            if (refresh.isPresent()) {
                // The whole chain is one login: a pending successor or a predecessor still in its grace
                // period must not outlive the logout. The predecessor goes first, while it still points here.
                RefreshToken token = refresh.get();
                m.deletePredecessor(token.id());
                if (token.nextId() != null) {
                    m.deleteRefreshToken(token.nextId());
                }
                m.deleteRefreshToken(token.id());
            }
        });
    }

    @Override
    public List<Device> devices(UserId userId) {
        return database.read("DeviceStore.devices", DeviceMapper.class, m -> m.devices(userId));
    }

    @Override
    public Optional<Device> device(UserId userId, String deviceId) {
        return database.read("DeviceStore.device", DeviceMapper.class, m -> m.device(userId, deviceId));
    }

    @Override
    public void renameDevice(UserId userId, String deviceId, String displayName) {
        database.transaction("DeviceStore.renameDevice", transaction -> {
            // The name is part of what /keys/query shows of the device.
            if (transaction.getMapper(DeviceMapper.class).rename(userId, deviceId, displayName) > 0) {
                DeviceListChanges.toEveryone(database, transaction, userId);
            }
            return null;
        });
    }

    @Override
    public void deleteDevices(UserId userId, Collection<String> deviceIds) {
        try (WritesUnderWay.Begun write = keyCounts.begin(List.of(userId))) { // their keys go with them
            deleteDevicesNow(userId, deviceIds);
        }
    }

    private void deleteDevicesNow(UserId userId, Collection<String> deviceIds) {
        database.transaction("DeviceStore.deleteDevices", transaction -> {
            DeviceMapper devices = transaction.getMapper(DeviceMapper.class);
            boolean deleted = false;
            for (String deviceId : deviceIds) {
                // Tokens and keys go with the device (foreign keys); messages, signatures and
                // pushers by hand: a logged-out phone must not be woken any more.
                if (devices.deleteDevice(userId, deviceId) > 0) {
                    transaction.getMapper(ToDeviceMapper.class).deleteAll(userId, deviceId);
                    transaction.getMapper(PushMapper.class).deleteDevicePushers(userId, deviceId);
                    transaction.getMapper(CrossSigningMapper.class).deleteSignaturesOver(userId, deviceId);
                    deleted = true;
                }
            }
            if (deleted) {
                DeviceListChanges.toEveryone(database, transaction, userId);
            }
            return null;
        });
    }

    @Override
    public void touch(UserId userId, String deviceId, long at, String ip) {
        touch(List.of(new Seen(userId, deviceId, at, ip)));
    }

    @Override
    public void touch(Collection<Seen> seen) {
        if (!seen.isEmpty()) {
            database.write("DeviceStore.touch", DeviceMapper.class,
                    m -> seen.forEach(s -> m.touch(s.userId(), s.deviceId(), s.at(), s.ip(), s.userAgent())));
        }
    }
}
