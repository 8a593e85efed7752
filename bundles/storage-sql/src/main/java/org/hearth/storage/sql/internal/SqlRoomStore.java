package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Room;
import org.hearth.api.spi.storage.RoomStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link RoomStore} on the {@link Database}. */
@Component(service = RoomStore.class)
public final class SqlRoomStore implements RoomStore {
    private final Database database;

    @Activate
    public SqlRoomStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public boolean create(Room room) {
        return database.writeResult("RoomStore.create", RoomMapper.class, m -> m.insert(room) == 1);
    }

    @Override
    public Optional<Room> room(String roomId) {
        return database.read("RoomStore.room", RoomMapper.class, m -> m.find(roomId));
    }

    @Override
    public void setPublished(String roomId, boolean published) {
        database.write("RoomStore.setPublished", RoomMapper.class, m -> m.setPublished(roomId, published));
    }

    @Override
    public List<Room> published(int offset, int limit) {
        return database.read("RoomStore.published", RoomMapper.class, m -> m.published(offset, limit));
    }

    @Override
    public boolean putAlias(String alias, String roomId, UserId creator) {
        return database.writeResult("RoomStore.putAlias", RoomMapper.class, m -> m.insertAlias(alias, roomId, creator) == 1);
    }

    @Override
    public Optional<String> roomOfAlias(String alias) {
        return database.read("RoomStore.roomOfAlias", RoomMapper.class, m -> m.roomOfAlias(alias));
    }

    @Override
    public Optional<UserId> aliasCreator(String alias) {
        return database.read("RoomStore.aliasCreator", RoomMapper.class, m -> m.aliasCreator(alias));
    }

    @Override
    public List<String> aliases(String roomId) {
        return database.read("RoomStore.aliases", RoomMapper.class, m -> m.aliases(roomId));
    }

    @Override
    public boolean deleteAlias(String alias) {
        return database.writeResult("RoomStore.deleteAlias", RoomMapper.class, m -> m.deleteAlias(alias) == 1);
    }
}
