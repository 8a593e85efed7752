package org.hearth.storage.sql.internal;

import java.util.Collection;
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
import org.hearth.api.spi.storage.PushStore.Notification;
import org.hearth.api.spi.storage.PushStore.Pusher;
import org.hearth.api.spi.storage.PushStore.UnreadCount;

/**
 * Statements on {@code push_rules}, the notifications ({@code push_slots},
 * {@code push_notification_groups}, {@code push_reads}; see {@link NotificationRows}) and {@code pushers}.
 */
interface PushMapper {
    /** Moves a read position ({@code push_reads}) forward, never back. */
    String READ_FURTHER = " ON CONFLICT (user_id, room_id, thread_id) DO UPDATE SET up_to = excluded.up_to"
            + " WHERE excluded.up_to > push_reads.up_to";

    /** Before every stream position: a room never read. */
    String NEVER_READ = "-9223372036854775807";

    /**
     * A user's notifications: their rooms ({@code s}), what they read there in every thread
     * ({@code a}), the rooms' notification rows ({@code g}) and what they read in each row's thread
     * ({@code t}). The rows that name the user are those of {@link SlotSets#NAMES_USER}.
     */
    String NOTIFICATIONS_OF_USER = " FROM push_slots s"
            + " LEFT JOIN push_reads a ON a.user_id = s.user_id AND a.room_id = s.room_id AND a.thread_id = ''"
            + " JOIN push_notification_groups g ON g.room_id = s.room_id"
            + " LEFT JOIN push_reads t ON t.user_id = s.user_id AND t.room_id = s.room_id AND t.thread_id = g.thread_id"
            + " WHERE s.user_id = #{userId} AND " + SlotSets.NAMES_USER;

    /** Of a row of {@link #NOTIFICATIONS_OF_USER}: read up to it in every thread or in its own. */
    String READ = "(g.stream_position <= COALESCE(a.up_to, " + NEVER_READ + ")"
            + " OR g.stream_position <= COALESCE(t.up_to, " + NEVER_READ + "))";

    /** Of a row of {@link #NOTIFICATIONS_OF_USER}: after what was read in every thread and in its own. */
    String UNREAD = "g.stream_position > COALESCE(a.up_to, " + NEVER_READ + ")"
            + " AND g.stream_position > COALESCE(t.up_to, " + NEVER_READ + ")";

    String NOTIFICATION_COLUMNS = "SELECT s.user_id, g.room_id, g.event_id, g.stream_position, g.thread_id, g.highlight,"
            + " g.actions, g.ts, CASE WHEN " + READ + " THEN 1 ELSE 0 END AS is_read";

    /** Marks the user's notifications in the room (in one thread, or in all: thread {@code ""}) up to the position read. */
    @Insert("INSERT INTO push_reads (up_to, user_id, room_id, thread_id) VALUES (#{upTo}, #{userId}, #{roomId}, #{threadId})"
            + READ_FURTHER)
    int markRead(@Param("userId") String userId, @Param("roomId") String roomId, @Param("threadId") String threadId,
                 @Param("upTo") long upTo);

    @Select("SELECT COUNT(*) FROM push_notification_groups WHERE room_id = #{roomId} AND stream_position = #{position}")
    int groupsAt(@Param("roomId") String roomId, @Param("position") long position);

    @Select("SELECT user_id, slot FROM push_slots WHERE room_id = #{roomId}")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "slot", javaType = int.class)
    })
    List<PushSlot> slots(String roomId);

    @Insert({"<script>INSERT INTO push_slots (room_id, user_id, slot) VALUES",
        "<foreach collection='slots' item='s' separator=','>(#{roomId}, #{s.userId}, #{s.slot})</foreach></script>"})
    int giveSlots(@Param("roomId") String roomId, @Param("slots") List<PushSlot> slots);

    @Select("SELECT content FROM push_rules WHERE user_id = #{userId}")
    Optional<String> rules(UserId userId);

    @Insert("INSERT INTO push_rules (user_id, content) VALUES (#{userId}, #{content})"
            + " ON CONFLICT (user_id) DO UPDATE SET content = excluded.content")
    int putRules(@Param("userId") UserId userId, @Param("content") String json);

    @Select("SELECT g.room_id, g.thread_id, COUNT(*) AS notifications, SUM(g.highlight) AS highlights"
            + NOTIFICATIONS_OF_USER + " AND s.room_id" + IdList.IN + "#{rooms}" + IdList.END + " AND " + UNREAD
            + " GROUP BY g.room_id, g.thread_id")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "thread_id", javaType = String.class),
        @Arg(column = "notifications", javaType = long.class),
        @Arg(column = "highlights", javaType = long.class)
    })
    List<UnreadCount> unreadCounts(@Param("userId") UserId userId, @Param("rooms") IdList roomIds);

    /** {@code minHighlight} 1: only those that highlight. */
    @Select(NOTIFICATION_COLUMNS + NOTIFICATIONS_OF_USER + " AND g.stream_position < #{before}"
            + " AND g.highlight >= #{minHighlight} ORDER BY g.stream_position DESC LIMIT #{limit}")
    @Results(id = "notification")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "event_id", javaType = String.class),
        @Arg(column = "stream_position", javaType = long.class),
        @Arg(column = "thread_id", javaType = String.class),
        @Arg(column = "highlight", javaType = boolean.class),
        @Arg(column = "actions", javaType = String.class),
        @Arg(column = "ts", javaType = long.class),
        @Arg(column = "is_read", javaType = boolean.class)
    })
    List<Notification> notifications(@Param("userId") UserId userId, @Param("before") long before,
                                     @Param("limit") int limit, @Param("minHighlight") int minHighlight);

    @Delete("DELETE FROM pushers WHERE app_id = #{appId} AND pushkey = #{pushkey}")
    int deleteAll(@Param("appId") String appId, @Param("pushkey") String pushkey);

    String PUSHER_COLUMNS = "user_id, app_id, pushkey, kind, app_display_name, device_display_name, profile_tag, lang, data, ts, device_id";

    @Select("SELECT " + PUSHER_COLUMNS + " FROM pushers WHERE user_id = #{userId} ORDER BY ts, app_id, pushkey")
    @Results(id = "pusher")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "app_id", javaType = String.class),
        @Arg(column = "pushkey", javaType = String.class),
        @Arg(column = "kind", javaType = String.class),
        @Arg(column = "app_display_name", javaType = String.class),
        @Arg(column = "device_display_name", javaType = String.class),
        @Arg(column = "profile_tag", javaType = String.class),
        @Arg(column = "lang", javaType = String.class),
        @Arg(column = "data", javaType = String.class),
        @Arg(column = "ts", javaType = long.class),
        @Arg(column = "device_id", javaType = String.class)
    })
    List<Pusher> pushers(UserId userId);

    @Select({"<script>SELECT " + PUSHER_COLUMNS + " FROM pushers WHERE user_id IN",
        " <foreach collection='users' item='u' open='(' separator=',' close=')'>#{u}</foreach></script>"})
    @ResultMap("pusher")
    List<Pusher> pushersOf(@Param("users") Collection<String> userIds);

    @Select("SELECT " + PUSHER_COLUMNS + " FROM pushers WHERE user_id IN (SELECT s.user_id"
            + " FROM push_notification_groups g JOIN push_slots s ON s.room_id = g.room_id"
            + " WHERE g.stream_position > #{after} AND g.stream_position <= #{upTo} AND " + SlotSets.NAMES_USER + ")"
            + " ORDER BY user_id, ts, app_id, pushkey")
    @ResultMap("pusher")
    List<Pusher> notifiedBetween(@Param("after") long after, @Param("upTo") long upTo);

    @Delete("DELETE FROM pushers WHERE app_id = #{appId} AND pushkey = #{pushkey} AND user_id <> #{userId}")
    int deleteOthers(@Param("userId") String userId, @Param("appId") String appId, @Param("pushkey") String pushkey);

    /** Adds or replaces the pusher; a new one starts delivering after {@code head}, a replaced one keeps its position. */
    @Insert("INSERT INTO pushers (" + PUSHER_COLUMNS + ", delivered_up_to) VALUES (#{p.userId}, #{p.appId}, #{p.pushkey},"
            + " #{p.kind}, #{p.appDisplayName}, #{p.deviceDisplayName}, #{p.profileTag}, #{p.lang}, #{p.dataJson}, #{p.ts},"
            + " #{p.deviceId}, #{head})"
            + " ON CONFLICT (app_id, pushkey, user_id) DO UPDATE SET kind = excluded.kind,"
            + " app_display_name = excluded.app_display_name, device_display_name = excluded.device_display_name,"
            + " profile_tag = excluded.profile_tag, lang = excluded.lang, data = excluded.data,"
            + " device_id = excluded.device_id")
    int putPusher(@Param("p") Pusher pusher, @Param("head") long head);

    @Delete("DELETE FROM pushers WHERE user_id = #{userId} AND app_id = #{appId} AND pushkey = #{pushkey}")
    int deletePusher(@Param("userId") UserId userId, @Param("appId") String appId, @Param("pushkey") String pushkey);

    @Delete("DELETE FROM pushers WHERE user_id = #{userId} AND device_id = #{deviceId}")
    int deleteDevicePushers(@Param("userId") UserId userId, @Param("deviceId") String deviceId);

    /** A pusher's columns and its delivery position, read as a {@link PusherRow}. */
    String PROGRESS_COLUMNS = "p.user_id, p.app_id, p.pushkey, p.kind, p.app_display_name, p.device_display_name,"
            + " p.profile_tag, p.lang, p.data, p.ts, p.device_id, p.delivered_up_to";

    @Select("SELECT " + PROGRESS_COLUMNS + " FROM pushers p"
            + " WHERE p.user_id = #{userId} AND p.app_id = #{appId} AND p.pushkey = #{pushkey}")
    @Results(id = "pusherRow")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "app_id", javaType = String.class),
        @Arg(column = "pushkey", javaType = String.class),
        @Arg(column = "kind", javaType = String.class),
        @Arg(column = "app_display_name", javaType = String.class),
        @Arg(column = "device_display_name", javaType = String.class),
        @Arg(column = "profile_tag", javaType = String.class),
        @Arg(column = "lang", javaType = String.class),
        @Arg(column = "data", javaType = String.class),
        @Arg(column = "ts", javaType = long.class),
        @Arg(column = "device_id", javaType = String.class),
        @Arg(column = "delivered_up_to", javaType = long.class)
    })
    Optional<PusherRow> progress(@Param("userId") String userId, @Param("appId") String appId,
                                 @Param("pushkey") String pushkey);

    /** One index probe a pusher and room of its user. */
    @Select("SELECT " + PROGRESS_COLUMNS + " FROM pushers p WHERE p.kind = 'http' AND EXISTS (SELECT 1"
            + " FROM push_slots s JOIN push_notification_groups g ON g.room_id = s.room_id"
            + " AND g.stream_position > p.delivered_up_to AND g.stream_position <= #{upTo}"
            + " WHERE s.user_id = p.user_id AND " + SlotSets.NAMES_USER + ")")
    @ResultMap("pusherRow")
    List<PusherRow> behind(@Param("upTo") long upTo);

    @Select(NOTIFICATION_COLUMNS + NOTIFICATIONS_OF_USER + " AND g.stream_position > #{after}"
            + " AND g.stream_position <= #{upTo} ORDER BY g.stream_position LIMIT #{limit}")
    @ResultMap("notification")
    List<Notification> notificationsOf(@Param("userId") String userId, @Param("after") long after,
                                       @Param("upTo") long upTo, @Param("limit") int limit);

    @Update("UPDATE pushers SET delivered_up_to = #{position} WHERE user_id = #{userId} AND app_id = #{appId}"
            + " AND pushkey = #{pushkey} AND delivered_up_to < #{position}")
    int delivered(@Param("userId") String userId, @Param("appId") String appId, @Param("pushkey") String pushkey,
                  @Param("position") long position);
}
