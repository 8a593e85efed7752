package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceKeyStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link DeviceKeyStore} on the {@link Database}. */
@Component(service = DeviceKeyStore.class)
public final class SqlDeviceKeyStore implements DeviceKeyStore {
    private final Database database;

    @Activate
    public SqlDeviceKeyStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Optional<String> deviceKeys(UserId userId, String deviceId) {
        return database.read("DeviceKeyStore.deviceKeys", DeviceKeyMapper.class, m -> m.find(userId, deviceId));
    }

    @Override
    public boolean putDeviceKeys(UserId userId, String deviceId, String keysJson) {
        return database.transaction("DeviceKeyStore.putDeviceKeys", session -> {
            DeviceKeyMapper keys = session.getMapper(DeviceKeyMapper.class);
            Optional<String> before = keys.find(userId, deviceId);
            if (keys.put(userId, deviceId, keysJson) == 0) {
                return false;
            }
            if (before.isPresent() && !before.get().equals(keysJson)) {
                // Signatures over the old keys do not cover the new ones.
                session.getMapper(CrossSigningMapper.class).deleteSignaturesOver(userId, deviceId);
            }
            DeviceListChanges.toEveryone(database, session, userId);
            return true;
        });
    }

    @Override
    public List<DeviceKeys> deviceKeys(Map<UserId, ? extends Collection<String>> devicesByUser) {
        return database.read("DeviceKeyStore.deviceKeys", DeviceKeyMapper.class, m -> {
            List<DeviceKeys> out = new ArrayList<>();
            List<UserId> everyDevice = new ArrayList<>();
            devicesByUser.forEach((user, devices) -> {
                if (devices.isEmpty()) {
                    everyDevice.add(user);
                } else {
                    for (List<String> chunk : Chunks.of(devices)) {
                        out.addAll(m.ofDevices(user, chunk));
                    }
                }
            });
            for (List<UserId> chunk : Chunks.of(everyDevice)) {
                out.addAll(m.ofUsers(chunk));
            }
            return out;
        });
    }
}
