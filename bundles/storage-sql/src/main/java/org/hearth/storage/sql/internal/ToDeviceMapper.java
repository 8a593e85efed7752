package org.hearth.storage.sql.internal;

import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ToDeviceStore.Message;

/** Statements on {@code to_device_messages} and {@code to_device_transactions}. */
interface ToDeviceMapper {

    @Insert("INSERT INTO to_device_transactions (user_id, device_id, txn_id, created_at)"
            + " VALUES (#{userId}, #{deviceId}, #{txnId}, #{now}) ON CONFLICT (user_id, device_id, txn_id) DO NOTHING")
    int claimTransaction(@Param("userId") UserId userId, @Param("deviceId") String deviceId,
                         @Param("txnId") String txnId, @Param("now") long now);

    @Delete("DELETE FROM to_device_transactions WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " AND created_at < #{before}")
    int forgetTransactions(@Param("userId") UserId userId, @Param("deviceId") String deviceId,
                           @Param("before") long before);

    /** To one device, if it exists; a message already queued for it at this position stays. */
    @Insert("INSERT INTO to_device_messages (user_id, device_id, position, sender, type, content)"
            + " SELECT user_id, device_id, #{position}, #{sender}, #{type}, #{content} FROM devices"
            + " WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " ON CONFLICT (user_id, device_id, position) DO NOTHING")
    int insert(@Param("userId") UserId userId, @Param("deviceId") String deviceId, @Param("position") long position,
               @Param("sender") UserId sender, @Param("type") String type, @Param("content") String content);

    /** To every device of the user, except those that already have a message at this position. */
    @Insert("INSERT INTO to_device_messages (user_id, device_id, position, sender, type, content)"
            + " SELECT user_id, device_id, #{position}, #{sender}, #{type}, #{content} FROM devices"
            + " WHERE user_id = #{userId}"
            + " ON CONFLICT (user_id, device_id, position) DO NOTHING")
    int insertForAll(@Param("userId") UserId userId, @Param("position") long position,
                     @Param("sender") UserId sender, @Param("type") String type, @Param("content") String content);

    @Select("SELECT position, sender, type, content FROM to_device_messages"
            + " WHERE user_id = #{userId} AND device_id = #{deviceId} AND position > #{after} AND position <= #{upTo}"
            + " ORDER BY position LIMIT #{limit}")
    @ConstructorArgs({
        @Arg(column = "position", javaType = long.class),
        @Arg(column = "sender", javaType = UserId.class),
        @Arg(column = "type", javaType = String.class),
        @Arg(column = "content", javaType = String.class)
    })
    List<Message> pending(@Param("userId") UserId userId, @Param("deviceId") String deviceId,
                          @Param("after") long after, @Param("upTo") long upTo, @Param("limit") int limit);

    @Select("SELECT EXISTS (SELECT 1 FROM to_device_messages"
            + " WHERE user_id = #{userId} AND device_id = #{deviceId} AND position <= #{upTo})")
    boolean anyUpTo(@Param("userId") UserId userId, @Param("deviceId") String deviceId, @Param("upTo") long upTo);

    @Delete("DELETE FROM to_device_messages WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " AND position <= #{upTo}")
    int deleteUpTo(@Param("userId") UserId userId, @Param("deviceId") String deviceId, @Param("upTo") long upTo);

    @Delete("DELETE FROM to_device_messages WHERE user_id = #{userId} AND device_id = #{deviceId}")
    int deleteAll(@Param("userId") UserId userId, @Param("deviceId") String deviceId);
}
