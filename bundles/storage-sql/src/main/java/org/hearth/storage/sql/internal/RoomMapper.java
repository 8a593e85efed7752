package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Room;

/** Statements on {@code rooms} and {@code room_aliases}. */
interface RoomMapper {

    /** @return 0 when the room ID exists */
    @Insert("INSERT INTO rooms (room_id, version, creator, created_at, published)"
            + " VALUES (#{roomId}, #{version}, #{creator}, #{createdAt}, #{published})"
            + " ON CONFLICT (room_id) DO NOTHING")
    int insert(Room room);

    @Select("SELECT room_id, version, creator, created_at, published FROM rooms WHERE room_id = #{roomId}")
    @Results(id = "room")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "version", javaType = String.class),
        @Arg(column = "creator", javaType = String.class),
        @Arg(column = "created_at", javaType = long.class),
        @Arg(column = "published", javaType = boolean.class)
    })
    Optional<Room> find(String roomId);

    @Update("UPDATE rooms SET published = #{published} WHERE room_id = #{roomId}")
    int setPublished(@Param("roomId") String roomId, @Param("published") boolean published);

    @Select("SELECT room_id, version, creator, created_at, published FROM rooms WHERE published"
            + " ORDER BY room_id LIMIT #{limit} OFFSET #{offset}")
    @ResultMap("room")
    List<Room> published(@Param("offset") int offset, @Param("limit") int limit);

    /** @return 0 when the alias is taken */
    @Insert("INSERT INTO room_aliases (alias, room_id, creator) VALUES (#{alias}, #{roomId}, #{creator})"
            + " ON CONFLICT (alias) DO NOTHING")
    int insertAlias(@Param("alias") String alias, @Param("roomId") String roomId, @Param("creator") UserId creator);

    @Select("SELECT room_id FROM room_aliases WHERE alias = #{alias}")
    Optional<String> roomOfAlias(String alias);

    @Select("SELECT creator FROM room_aliases WHERE alias = #{alias}")
    Optional<UserId> aliasCreator(String alias);

    @Select("SELECT alias FROM room_aliases WHERE room_id = #{roomId} ORDER BY alias")
    List<String> aliases(String roomId);

    @Delete("DELETE FROM room_aliases WHERE alias = #{alias}")
    int deleteAlias(String alias);
}
