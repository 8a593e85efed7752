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

    /**
     * A joined local user shares a room with the user the statement appends. {@code localSuffix}: ':' and
     * the server name, which holds neither '%' nor '_' (host names do not).
     */
    String SHARED_WITH = "SELECT 1 FROM room_memberships theirs JOIN room_memberships ours ON ours.room_id = theirs.room_id"
            + " WHERE theirs.membership = 'join' AND ours.membership = 'join'"
            + " AND ours.user_id LIKE '%' || #{localSuffix} AND theirs.user_id = ";

    @Select("SELECT COUNT(*) FROM (" + SHARED_WITH + "#{userId} LIMIT 1) shared")
    int sharesRoom(@Param("userId") UserId userId, @Param("localSuffix") String localSuffix);

    @Delete("DELETE FROM remote_device_lists WHERE user_id = #{userId} AND NOT EXISTS (" + SHARED_WITH + "#{userId})")
    int forgetIfUnshared(@Param("userId") UserId userId, @Param("localSuffix") String localSuffix);

    /** The first NOT EXISTS does not depend on the row: evaluated once, it ends a room with local members at once. */
    @Delete("DELETE FROM remote_device_lists WHERE user_id IN"
            + " (SELECT user_id FROM room_memberships WHERE room_id = #{roomId} AND membership = 'join')"
            + " AND NOT EXISTS (SELECT 1 FROM room_memberships WHERE room_id = #{roomId} AND membership = 'join'"
            + " AND user_id LIKE '%' || #{localSuffix})"
            + " AND NOT EXISTS (" + SHARED_WITH + "remote_device_lists.user_id)")
    int forgetMembersIfUnshared(@Param("roomId") String roomId, @Param("localSuffix") String localSuffix);
}
