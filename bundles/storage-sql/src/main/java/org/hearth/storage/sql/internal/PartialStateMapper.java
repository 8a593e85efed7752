package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Statements on {@code partial_state_rooms}, {@code partial_state_completions}, {@code partial_state_rechecks}, the state rows a
 * completed room gets and the corrections of the events it received while partial.
 */
interface PartialStateMapper {

    /** A row of {@code partial_state_rooms}; {@code servers} one per line. */
    record Row(String roomId, String joinEventId, String servers) {}

    @Insert("INSERT INTO partial_state_rooms (room_id, join_event_id, servers) VALUES (#{roomId}, #{joinEventId},"
            + " #{servers}) ON CONFLICT (room_id) DO UPDATE SET join_event_id = excluded.join_event_id,"
            + " servers = excluded.servers")
    int put(@Param("roomId") String roomId, @Param("joinEventId") String joinEventId, @Param("servers") String servers);

    @Select("SELECT room_id, join_event_id, servers FROM partial_state_rooms WHERE room_id = #{roomId}")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "join_event_id", javaType = String.class),
        @Arg(column = "servers", javaType = String.class)
    })
    Optional<Row> find(@Param("roomId") String roomId);

    @Select("SELECT room_id, join_event_id, servers FROM partial_state_rooms ORDER BY room_id")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "join_event_id", javaType = String.class),
        @Arg(column = "servers", javaType = String.class)
    })
    List<Row> all();

    @Delete("DELETE FROM partial_state_rooms WHERE room_id = #{roomId}")
    int delete(@Param("roomId") String roomId);

    /** Records the stream position of the room's completion, replacing an earlier one. */
    @Insert("INSERT INTO partial_state_completions (room_id, stream_position) VALUES (#{roomId}, #{position})"
            + " ON CONFLICT (room_id) DO UPDATE SET stream_position = excluded.stream_position")
    int completed(@Param("roomId") String roomId, @Param("position") long position);

    /** A row of {@code partial_state_completions}. */
    record Completion(String roomId, long position) {}

    @Select("SELECT room_id, stream_position FROM partial_state_completions")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "stream_position", javaType = long.class)
    })
    List<Completion> completions();

    /**
     * The room's state snapshots (groups without {@code prev_group}) from group #{from} on: the
     * other groups are deltas over one of them.
     */
    @Select("SELECT id FROM state_groups WHERE room_id = #{roomId} AND id >= #{from} AND prev_group IS NULL")
    List<Long> snapshotsFrom(@Param("roomId") String roomId, @Param("from") long from);

    /** Adds entries to a group, keeping those it has for the same keys. */
    @Insert({"<script>",
        "INSERT INTO state_group_entries (state_group, type, state_key, event_id) VALUES",
        "<foreach collection='entries' item='e' separator=','>(#{group}, #{e.type}, #{e.stateKey}, #{e.eventId})</foreach>",
        "ON CONFLICT (state_group, type, state_key) DO NOTHING",
        "</script>"})
    int addEntries(@Param("group") long group, @Param("entries") List<StateEntry> entries);

    /** An event's status and state groups, as the check run again once its room's state is complete sets them. */
    @Update("UPDATE events SET status = #{status}, rejected_reason = #{reason}, state_group_before = #{before},"
            + " state_group = #{after} WHERE event_id = #{eventId}")
    int restate(@Param("eventId") String eventId, @Param("status") int status, @Param("reason") String reason,
                @Param("before") long before, @Param("after") long after);

    @Delete("DELETE FROM current_state WHERE room_id = #{roomId} AND type = #{type} AND state_key = #{stateKey}")
    int deleteCurrentState(@Param("roomId") String roomId, @Param("type") String type, @Param("stateKey") String stateKey);

    @Delete("DELETE FROM room_memberships WHERE room_id = #{roomId} AND user_id = #{userId}")
    int deleteMembership(@Param("roomId") String roomId, @Param("userId") String userId);

    @Insert("INSERT INTO partial_state_rechecks (room_id, join_event_id) VALUES (#{roomId}, #{joinEventId})"
            + " ON CONFLICT (room_id) DO UPDATE SET join_event_id = excluded.join_event_id")
    int recheckPending(@Param("roomId") String roomId, @Param("joinEventId") String joinEventId);

    @Select("SELECT room_id, join_event_id, '' AS servers FROM partial_state_rechecks ORDER BY room_id")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "join_event_id", javaType = String.class),
        @Arg(column = "servers", javaType = String.class)
    })
    List<Row> rechecks();

    @Delete("DELETE FROM partial_state_rechecks WHERE room_id = #{roomId}")
    int rechecked(@Param("roomId") String roomId);
}
