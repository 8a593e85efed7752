package org.hearth.api.spi.storage;

import java.util.List;
import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/** Rooms, their directory visibility and their aliases (Client-Server API, "Room aliases", "Room directory"). */
@ConsumerType
public interface RoomStore {

    /** Records a new room; false when the room ID exists. */
    boolean create(Room room);

    Optional<Room> room(String roomId);

    void setPublished(String roomId, boolean published);

    /** Published rooms, ordered by room ID, for the public room directory. */
    List<Room> published(int offset, int limit);

    /** Maps an alias to a room; false when the alias is taken. */
    boolean putAlias(String alias, String roomId, UserId creator);

    Optional<String> roomOfAlias(String alias);

    /** Who created the alias, to decide who may delete it. */
    Optional<UserId> aliasCreator(String alias);

    List<String> aliases(String roomId);

    /** False when the alias did not exist. */
    boolean deleteAlias(String alias);
}
