package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.UserDataStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link UserDataStore} on the {@link Database}. Filter IDs are the decimal row IDs of
 * {@code filters}; account data takes its positions from the event stream's counter.
 */
@Component(service = UserDataStore.class)
public final class SqlUserDataStore implements UserDataStore {
    /** The room ID under which global account data is stored. */
    private static final String GLOBAL = "";

    private final Database database;

    @Activate
    public SqlUserDataStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public String putFilter(UserId userId, String filterJson) {
        return Long.toString(database.writeResult("UserDataStore.putFilter", UserDataMapper.class,
                m -> m.insertFilter(userId, filterJson)));
    }

    @Override
    public Optional<String> filter(UserId userId, String filterId) {
        long id;
        try {
            id = Long.parseLong(filterId);
        } catch (NumberFormatException e) {
            return Optional.empty(); // not an ID this store handed out
        }
        return database.read("UserDataStore.filter", UserDataMapper.class, m -> m.filter(userId, id));
    }

    @Override
    public long putAccountData(UserId userId, String roomId, String type, String contentJson) {
        return database.transaction("UserDataStore.putAccountData", session -> {
            long position = database.nextEventPosition(session);
            session.getMapper(UserDataMapper.class).putAccountData(userId, roomKey(roomId), type, contentJson, position);
            return position;
        });
    }

    @Override
    public Optional<String> accountData(UserId userId, String roomId, String type) {
        return database.read("UserDataStore.accountData", UserDataMapper.class,
                m -> m.accountData(userId, roomKey(roomId), type));
    }

    @Override
    public List<AccountData> accountDataChanged(UserId userId, long after, long upTo) {
        return database.read("UserDataStore.accountDataChanged", UserDataMapper.class,
                m -> m.accountDataChanged(userId, after, upTo));
    }

    @Override
    public void forget(UserId userId, String roomId) {
        database.write("UserDataStore.forget", UserDataMapper.class, m -> m.forget(userId, roomId));
    }

    @Override
    public void unforget(UserId userId, String roomId) {
        database.write("UserDataStore.unforget", UserDataMapper.class, m -> m.unforget(userId, roomId));
    }

    @Override
    public List<String> forgottenRooms(UserId userId) {
        return database.read("UserDataStore.forgottenRooms", UserDataMapper.class, m -> m.forgottenRooms(userId));
    }

    private static String roomKey(String roomId) {
        return roomId == null ? GLOBAL : roomId;
    }
}
