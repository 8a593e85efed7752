package org.hearth.storage.sql.internal;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.StoredEvent;

/** Statements on {@code device_list_changes}, and the memberships that decide who sees a change. */
interface DeviceListMapper {
    /** The audience of a change everyone sharing a room with the user sees. */
    String EVERYONE = "";

    /** Joined to a room the viewer is joined to. */
    String SHARES_ROOM = "EXISTS (SELECT 1 FROM room_memberships mine JOIN room_memberships theirs"
            + " ON theirs.room_id = mine.room_id WHERE mine.user_id = #{viewer} AND mine.membership = 'join'"
            + " AND theirs.membership = 'join' AND theirs.user_id = ";

    @Insert("INSERT INTO device_list_changes (user_id, audience, position) VALUES (#{userId}, #{audience}, #{position})"
            + " ON CONFLICT (user_id, audience) DO UPDATE SET position = excluded.position")
    int record(@Param("userId") UserId userId, @Param("audience") String audience, @Param("position") long position);

    @Select("SELECT DISTINCT c.user_id FROM device_list_changes c"
            + " WHERE c.position > #{after} AND c.position <= #{upTo} AND (c.audience = #{viewer}"
            + " OR (c.audience = '' AND (c.user_id = #{viewer} OR " + SHARES_ROOM + "c.user_id))))")
    List<UserId> changedFor(@Param("viewer") UserId viewer, @Param("after") long after, @Param("upTo") long upTo);

    /** At most {@link Chunks#SIZE} users. */
    @Select({"<script>",
        "SELECT DISTINCT theirs.user_id FROM room_memberships mine JOIN room_memberships theirs",
        "ON theirs.room_id = mine.room_id WHERE mine.user_id = #{viewer} AND mine.membership = 'join'",
        "AND theirs.membership = 'join' AND theirs.user_id IN",
        "<foreach collection='users' item='u' open='(' separator=',' close=')'>#{u}</foreach>",
        "</script>"})
    List<UserId> sharingRoomWith(@Param("viewer") UserId viewer, @Param("users") List<UserId> users);

    /** At most {@link Chunks#SIZE} rooms. */
    @Select({"<script>", EventMapper.SELECT_EVENTS,
        "WHERE type = 'm.room.member' AND stream_position &gt; #{after} AND stream_position &lt;= #{upTo}",
        "AND room_id IN <foreach collection='rooms' item='r' open='(' separator=',' close=')'>#{r}</foreach>",
        "ORDER BY stream_position",
        "</script>"})
    @ResultMap("org.hearth.storage.sql.internal.EventMapper.event")
    List<StoredEvent> memberEvents(@Param("rooms") List<String> roomIds, @Param("after") long after,
                                   @Param("upTo") long upTo);
}
