package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceListStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link DeviceListStore} on the {@link Database}; changes are written by the other stores (see {@link DeviceListChanges}). */
@Component(service = DeviceListStore.class)
public final class SqlDeviceListStore implements DeviceListStore {
    private final Database database;

    @Activate
    public SqlDeviceListStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public long currentPosition() {
        return database.currentE2ePosition(E2eStreamMapper.DEVICE_LISTS);
    }

    @Override
    public Set<UserId> changedFor(UserId viewer, long after, long upTo) {
        return new LinkedHashSet<>(database.read("DeviceListStore.changedFor", DeviceListMapper.class,
                m -> m.changedFor(viewer, after, upTo)));
    }

    @Override
    public Set<UserId> sharingRoomWith(UserId viewer, Collection<UserId> users) {
        return database.read("DeviceListStore.sharingRoomWith", DeviceListMapper.class, m -> {
            Set<UserId> out = new LinkedHashSet<>();
            for (List<UserId> chunk : Chunks.of(new LinkedHashSet<>(users))) {
                out.addAll(m.sharingRoomWith(viewer, chunk));
            }
            return out;
        });
    }

    @Override
    public List<StoredEvent> memberEvents(Collection<String> roomIds, long after, long upTo) {
        return database.read("DeviceListStore.memberEvents", DeviceListMapper.class, m -> {
            List<StoredEvent> out = new ArrayList<>();
            for (List<String> chunk : Chunks.of(new TreeSet<>(roomIds))) {
                out.addAll(m.memberEvents(chunk, after, upTo));
            }
            out.sort(java.util.Comparator.comparingLong(StoredEvent::streamPosition));
            return out;
        });
    }
}
