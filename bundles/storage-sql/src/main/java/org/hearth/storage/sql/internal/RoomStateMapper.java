package org.hearth.storage.sql.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;

/** Statements on {@code current_state}, {@code room_memberships} and {@code room_extremities}. */
interface RoomStateMapper {

    @Insert("INSERT INTO current_state (room_id, type, state_key, event_id)"
            + " VALUES (#{roomId}, #{e.type}, #{e.stateKey}, #{e.eventId})"
            + " ON CONFLICT (room_id, type, state_key) DO UPDATE SET event_id = excluded.event_id")
    int putCurrentState(@Param("roomId") String roomId, @Param("e") StateEntry entry);

    @Select("SELECT type, state_key, event_id FROM current_state WHERE room_id = #{roomId}")
    @ResultMap("org.hearth.storage.sql.internal.StateMapper.stateEntry")
    List<StateEntry> currentState(String roomId);

    @Select("SELECT event_id FROM current_state WHERE room_id = #{roomId} AND type = #{type} AND state_key = #{stateKey}")
    Optional<String> currentStateEvent(@Param("roomId") String roomId, @Param("type") String type,
                                       @Param("stateKey") String stateKey);

    @Insert("INSERT INTO room_memberships (room_id, user_id, membership, event_id)"
            + " VALUES (#{roomId}, #{userId}, #{membership}, #{eventId})"
            + " ON CONFLICT (room_id, user_id) DO UPDATE SET membership = excluded.membership, event_id = excluded.event_id")
    int putMembership(@Param("roomId") String roomId, @Param("userId") String userId,
                      @Param("membership") String membership, @Param("eventId") String eventId);

    /** At most {@link Chunks#SIZE} rooms. */
    @Select("SELECT room_id, event_id FROM current_state WHERE type = #{type} AND state_key = #{stateKey}"
            + " AND room_id" + IdList.IN + "#{roomIds}" + IdList.END)
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "event_id", javaType = String.class)
    })
    List<RoomEventId> currentStateEvents(@Param("roomIds") IdList roomIds, @Param("type") String type,
                                         @Param("stateKey") String stateKey);

    /** A room and one of its events. */
    record RoomEventId(String roomId, String eventId) {}

    /** At most {@link Chunks#SIZE} rooms. */
    @Select("SELECT room_id, user_id, membership FROM room_memberships WHERE room_id" + IdList.IN + "#{roomIds}"
            + IdList.END)
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "membership", javaType = String.class)
    })
    List<RoomMembership> membershipsOfRooms(@Param("roomIds") IdList roomIds);

    /** A user's membership of a room. */
    record RoomMembership(String roomId, String userId, String membership) {}

    @Select("SELECT user_id, membership FROM room_memberships WHERE room_id = #{roomId}")
    @Results(id = "membership")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "membership", javaType = String.class)
    })
    List<Membership> memberships(String roomId);

    /** {@link #memberships} of the users whose ID ends with #{suffix} (see StateMapper#membersEndingWith). */
    @Select("SELECT user_id, membership FROM room_memberships WHERE room_id = #{roomId}"
            + " AND substr(user_id, length(user_id) - length(#{suffix}) + 1) = #{suffix}")
    @ResultMap("membership")
    List<Membership> membershipsEndingWith(@Param("roomId") String roomId, @Param("suffix") String suffix);

    @Select("SELECT COUNT(*) FROM room_memberships WHERE room_id = #{roomId} AND membership = 'join'")
    int joinedCount(String roomId);

    /** The room's memberships of the given kinds, of user IDs with a server part (after the first ':'). */
    String MEMBERS_WITH_SERVER = " FROM room_memberships WHERE room_id = #{roomId} AND membership IN"
            + " <foreach collection='memberships' item='m' open='(' separator=',' close=')'>#{m}</foreach>"
            + " AND user_id LIKE '%:%'</script>";

    /** The distinct server parts of {@link #MEMBERS_WITH_SERVER}'s user IDs (a localpart has no ':'). */
    @Select(value = "<script>SELECT DISTINCT substr(user_id, instr(user_id, ':') + 1)" + MEMBERS_WITH_SERVER,
            databaseId = "sqlite")
    @Select(value = "<script>SELECT DISTINCT substr(user_id, strpos(user_id, ':') + 1)" + MEMBERS_WITH_SERVER,
            databaseId = "postgres")
    List<String> memberServers(@Param("roomId") String roomId, @Param("memberships") Collection<String> memberships);

    /** The distinct server parts of the senders of the room's current state events. */
    @Select(value = "SELECT DISTINCT substr(e.sender, instr(e.sender, ':') + 1) FROM current_state c"
            + " JOIN events e ON e.event_id = c.event_id WHERE c.room_id = #{roomId} AND e.sender LIKE '%:%'",
            databaseId = "sqlite")
    @Select(value = "SELECT DISTINCT substr(e.sender, strpos(e.sender, ':') + 1) FROM current_state c"
            + " JOIN events e ON e.event_id = c.event_id WHERE c.room_id = #{roomId} AND e.sender LIKE '%:%'",
            databaseId = "postgres")
    List<String> stateSenderServers(String roomId);

    @Select({"<script>",
        "SELECT room_id FROM room_memberships WHERE user_id = #{userId} AND membership IN",
        "<foreach collection='memberships' item='m' open='(' separator=',' close=')'>#{m}</foreach>",
        "ORDER BY room_id",
        "</script>"})
    List<String> roomsOf(@Param("userId") UserId userId, @Param("memberships") Collection<String> memberships);

    @Select("SELECT room_id, membership FROM room_memberships WHERE user_id = #{userId} ORDER BY room_id")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "membership", javaType = String.class)
    })
    List<UserMembership> membershipsOf(@Param("userId") UserId userId);

    /** The {@link ExtremityList} of the room, null when it has none. */
    @Select("SELECT event_ids FROM room_extremities WHERE room_id = #{roomId}")
    String extremities(String roomId);
}
