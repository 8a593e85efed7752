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

/** Statements on {@code push_rules}, {@code push_notifications} and {@code pushers}. */
interface PushMapper {
    /** Marks the user's notifications in the room (in one thread, unless null) up to the position read. */
    @Update({"<script>UPDATE push_notifications SET unread = 0 WHERE user_id = #{userId} AND room_id = #{roomId}",
        " AND unread = 1 AND stream_position &lt;= #{upTo}<if test='threadId != null'> AND thread_id = #{threadId}</if></script>"})
    int markRead(@Param("userId") String userId, @Param("roomId") String roomId, @Param("threadId") String threadId,
                 @Param("upTo") long upTo);

    @Select("SELECT content FROM push_rules WHERE user_id = #{userId}")
    Optional<String> rules(UserId userId);

    @Insert("INSERT INTO push_rules (user_id, content) VALUES (#{userId}, #{content})"
            + " ON CONFLICT (user_id) DO UPDATE SET content = excluded.content")
    int putRules(@Param("userId") UserId userId, @Param("content") String json);

    @Select("SELECT n.room_id, n.thread_id, COUNT(*) AS notifications, SUM(n.highlight) AS highlights"
            + " FROM push_notifications n WHERE n.user_id = #{userId} AND n.room_id" + IdList.IN + "#{rooms}" + IdList.END
            + " AND n.unread = 1 GROUP BY n.room_id, n.thread_id")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "thread_id", javaType = String.class),
        @Arg(column = "notifications", javaType = long.class),
        @Arg(column = "highlights", javaType = long.class)
    })
    List<UnreadCount> unreadCounts(@Param("userId") UserId userId, @Param("rooms") IdList roomIds);

    @Select({"<script>SELECT n.user_id, n.room_id, n.event_id, n.stream_position, n.thread_id, n.highlight, n.actions, n.ts,",
        " 1 - n.unread AS is_read",
        " FROM push_notifications n WHERE n.user_id = #{userId} AND n.stream_position &lt; #{before}",
        " <if test='onlyHighlight'>AND n.highlight = 1</if> ORDER BY n.stream_position DESC LIMIT #{limit}</script>"})
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
                                     @Param("limit") int limit, @Param("onlyHighlight") boolean onlyHighlight);

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

    @Select("SELECT " + PUSHER_COLUMNS + " FROM pushers WHERE user_id IN (SELECT user_id FROM push_notifications"
            + " WHERE stream_position > #{after} AND stream_position <= #{upTo}) ORDER BY user_id, ts, app_id, pushkey")
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

    /** Through the primary key of push_notifications (user_id, stream_position): one index probe a pusher. */
    @Select("SELECT " + PROGRESS_COLUMNS + " FROM pushers p WHERE p.kind = 'http' AND EXISTS (SELECT 1"
            + " FROM push_notifications n WHERE n.user_id = p.user_id AND n.stream_position > p.delivered_up_to"
            + " AND n.stream_position <= #{upTo})")
    @ResultMap("pusherRow")
    List<PusherRow> behind(@Param("upTo") long upTo);

    @Select("SELECT n.user_id, n.room_id, n.event_id, n.stream_position, n.thread_id, n.highlight, n.actions, n.ts,"
            + " 1 - n.unread AS is_read FROM push_notifications n WHERE n.user_id = #{userId}"
            + " AND n.stream_position > #{after} AND n.stream_position <= #{upTo} ORDER BY n.stream_position LIMIT #{limit}")
    @ResultMap("notification")
    List<Notification> notificationsOf(@Param("userId") String userId, @Param("after") long after,
                                       @Param("upTo") long upTo, @Param("limit") int limit);

    @Update("UPDATE pushers SET delivered_up_to = #{position} WHERE user_id = #{userId} AND app_id = #{appId}"
            + " AND pushkey = #{pushkey} AND delivered_up_to < #{position}")
    int delivered(@Param("userId") String userId, @Param("appId") String appId, @Param("pushkey") String pushkey,
                  @Param("position") long position);
}
