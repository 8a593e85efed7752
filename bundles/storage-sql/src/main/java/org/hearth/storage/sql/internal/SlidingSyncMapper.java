package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.spi.storage.SlidingSyncStore;

/** Statements on {@code sliding_sync_states}, and the rooms' recency read from {@code events}. */
interface SlidingSyncMapper {

    /** A row of {@link #latestOfTypes}. */
    record Latest(String roomId, long position) {
    }

    @Select("SELECT state, updated_at FROM sliding_sync_states WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " AND conn_id = #{connId} AND pos = #{pos}")
    @ConstructorArgs({
        @Arg(column = "state", javaType = String.class),
        @Arg(column = "updated_at", javaType = long.class)
    })
    Optional<SlidingSyncStore.Saved> state(@Param("userId") String userId, @Param("deviceId") String deviceId,
                                           @Param("connId") String connId, @Param("pos") long pos);

    @Insert("INSERT INTO sliding_sync_states (user_id, device_id, conn_id, pos, state, updated_at)"
            + " VALUES (#{userId}, #{deviceId}, #{connId}, #{pos}, #{state}, #{now})"
            + " ON CONFLICT (user_id, device_id, conn_id, pos) DO UPDATE SET state = excluded.state,"
            + " updated_at = excluded.updated_at")
    int save(@Param("userId") String userId, @Param("deviceId") String deviceId, @Param("connId") String connId,
             @Param("pos") long pos, @Param("state") String state, @Param("now") long now);

    @Delete("DELETE FROM sliding_sync_states WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " AND conn_id = #{connId} AND pos < #{keepFrom}")
    int dropBelow(@Param("userId") String userId, @Param("deviceId") String deviceId, @Param("connId") String connId,
                  @Param("keepFrom") long keepFrom);

    @Select("SELECT COALESCE(MAX(pos), 0) FROM sliding_sync_states WHERE user_id = #{userId}"
            + " AND device_id = #{deviceId} AND conn_id = #{connId}")
    long latestPos(@Param("userId") String userId, @Param("deviceId") String deviceId, @Param("connId") String connId);

    /** The device's connections, most recently used first. */
    @Select("SELECT conn_id FROM sliding_sync_states WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " GROUP BY conn_id ORDER BY MAX(updated_at) DESC, conn_id")
    List<String> connections(@Param("userId") String userId, @Param("deviceId") String deviceId);

    @Delete("DELETE FROM sliding_sync_states WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " AND conn_id = #{connId}")
    int drop(@Param("userId") String userId, @Param("deviceId") String deviceId, @Param("connId") String connId);

    @Delete("DELETE FROM sliding_sync_states WHERE updated_at < #{before}")
    int expire(@Param("before") long before);

    /** At most {@link Chunks#SIZE} rooms and a few types. */
    @Select({"<script>", "SELECT room_id, MAX(stream_position) AS position FROM events WHERE room_id IN",
        "<foreach collection='roomIds' item='id' open='(' separator=',' close=')'>#{id}</foreach>",
        "AND type IN <foreach collection='types' item='t' open='(' separator=',' close=')'>#{t}</foreach>",
        "AND stream_position &lt;= #{upTo} AND" + EventMapper.IN_ROOM + "GROUP BY room_id",
        "</script>"})
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "position", javaType = long.class)
    })
    List<Latest> latestOfTypes(@Param("roomIds") List<String> roomIds, @Param("types") List<String> types,
                               @Param("upTo") long upTo);
}
