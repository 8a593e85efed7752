package org.hearth.storage.sql.internal;

import java.util.Optional;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.RemoteDeviceListStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link RemoteDeviceListStore} on the {@link Database}. */
@Component(service = RemoteDeviceListStore.class)
public final class SqlRemoteDeviceListStore implements RemoteDeviceListStore {
    private final Database database;

    @Activate
    public SqlRemoteDeviceListStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Optional<RemoteDeviceList> deviceList(UserId userId) {
        return database.read("RemoteDeviceListStore.deviceList", RemoteDeviceListMapper.class, m -> m.find(userId));
    }

    @Override
    public void putDeviceList(UserId userId, long streamId, String json) {
        database.transaction("RemoteDeviceListStore.putDeviceList", session -> {
            session.getMapper(RemoteDeviceListMapper.class).put(userId, streamId, json);
            DeviceListChanges.toEveryone(database, session, userId);
            return null;
        });
    }

    @Override
    public boolean sharesRoomWithUserOf(UserId userId, ServerName localServer) {
        return database.read("RemoteDeviceListStore.sharesRoomWithUserOf", RemoteDeviceListMapper.class,
                m -> m.sharesRoom(userId, ":" + localServer.value())) > 0;
    }

    @Override
    public void forgetIfUnshared(UserId userId, ServerName localServer) {
        database.write("RemoteDeviceListStore.forgetIfUnshared", RemoteDeviceListMapper.class,
                m -> m.forgetIfUnshared(userId, ":" + localServer.value()));
    }

    @Override
    public void forgetMembersIfUnshared(String roomId, ServerName localServer) {
        database.write("RemoteDeviceListStore.forgetMembersIfUnshared", RemoteDeviceListMapper.class,
                m -> m.forgetMembersIfUnshared(roomId, ":" + localServer.value()));
    }
}
