package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.UserDataStore.AccountData;

/**
 * Statements on {@code filters}, {@code account_data} and {@code forgotten_rooms}. Global account
 * data is stored with room ID '' and read back with room ID null.
 */
interface UserDataMapper {

    // A SELECT because RETURNING hands back the new ID on both databases.
    @Select("INSERT INTO filters (user_id, json) VALUES (#{userId}, #{json}) RETURNING id")
    long insertFilter(@Param("userId") UserId userId, @Param("json") String filterJson);

    @Select("SELECT json FROM filters WHERE id = #{id} AND user_id = #{userId}")
    Optional<String> filter(@Param("userId") UserId userId, @Param("id") long filterId);

    @Insert("INSERT INTO account_data (user_id, room_id, type, content, stream_position)"
            + " VALUES (#{userId}, #{roomId}, #{type}, #{content}, #{position})"
            + " ON CONFLICT (user_id, room_id, type)"
            + " DO UPDATE SET content = excluded.content, stream_position = excluded.stream_position")
    int putAccountData(@Param("userId") UserId userId, @Param("roomId") String roomKey, @Param("type") String type,
                       @Param("content") String contentJson, @Param("position") long position);

    @Select("SELECT content FROM account_data WHERE user_id = #{userId} AND room_id = #{roomId} AND type = #{type}")
    Optional<String> accountData(@Param("userId") UserId userId, @Param("roomId") String roomKey,
                                 @Param("type") String type);

    @Select("SELECT NULLIF(room_id, '') AS room_id, type, content, stream_position FROM account_data"
            + " WHERE user_id = #{userId} AND stream_position > #{after} AND stream_position <= #{upTo}"
            + " ORDER BY stream_position")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "type", javaType = String.class),
        @Arg(column = "content", javaType = String.class),
        @Arg(column = "stream_position", javaType = long.class)
    })
    List<AccountData> accountDataChanged(@Param("userId") UserId userId, @Param("after") long after,
                                         @Param("upTo") long upTo);

    @Insert("INSERT INTO forgotten_rooms (user_id, room_id) VALUES (#{userId}, #{roomId})"
            + " ON CONFLICT (user_id, room_id) DO NOTHING")
    int forget(@Param("userId") UserId userId, @Param("roomId") String roomId);

    @Delete("DELETE FROM forgotten_rooms WHERE user_id = #{userId} AND room_id = #{roomId}")
    int unforget(@Param("userId") UserId userId, @Param("roomId") String roomId);

    @Select("SELECT room_id FROM forgotten_rooms WHERE user_id = #{userId} ORDER BY room_id")
    List<String> forgottenRooms(UserId userId);
}
