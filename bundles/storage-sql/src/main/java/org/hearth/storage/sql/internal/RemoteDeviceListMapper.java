package org.hearth.storage.sql.internal;

import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.RemoteDeviceListStore.RemoteDeviceList;

/** Statements on {@code remote_device_lists}. */
interface RemoteDeviceListMapper {

    @Select("SELECT user_id, stream_id, json FROM remote_device_lists WHERE user_id = #{userId}")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "stream_id", javaType = long.class),
        @Arg(column = "json", javaType = String.class)
    })
    Optional<RemoteDeviceList> find(@Param("userId") UserId userId);

    @Insert("INSERT INTO remote_device_lists (user_id, stream_id, json) VALUES (#{userId}, #{streamId}, #{json})"
            + " ON CONFLICT (user_id) DO UPDATE SET stream_id = excluded.stream_id, json = excluded.json")
    int put(@Param("userId") UserId userId, @Param("streamId") long streamId, @Param("json") String json);

    /** {@code localSuffix}: ':' and the server name, which holds neither '%' nor '_' (host names do not). */
    @Select("SELECT COUNT(*) FROM (SELECT 1 FROM room_memberships theirs JOIN room_memberships ours"
            + " ON ours.room_id = theirs.room_id WHERE theirs.user_id = #{userId} AND theirs.membership = 'join'"
            + " AND ours.membership = 'join' AND ours.user_id LIKE '%' || #{localSuffix} LIMIT 1) shared")
    int sharesRoom(@Param("userId") UserId userId, @Param("localSuffix") String localSuffix);

    @Delete("DELETE FROM remote_device_lists WHERE user_id = #{userId}")
    int delete(@Param("userId") UserId userId);
}
