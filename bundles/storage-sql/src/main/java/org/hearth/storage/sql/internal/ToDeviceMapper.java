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
import org.hearth.api.spi.storage.ToDeviceStore.Recipient;

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

    /**
     * To the recipients' devices that exist (device ID {@code *}: every device of the user), at
     * most {@link Chunks#SIZE} recipients; a device that has a message at this position keeps it.
     */
    @Insert({"<script>",
        "INSERT INTO to_device_messages (user_id, device_id, position, sender, type, content)",
        "SELECT d.user_id, d.device_id, #{position}, #{sender}, #{type}, r.column3 FROM (VALUES",
        "<foreach collection='recipients' item='r' separator=','>(#{r.userId}, #{r.deviceId}, #{r.contentJson})</foreach>",
        ") AS r JOIN devices d ON d.user_id = r.column1 AND (r.column2 = '*' OR d.device_id = r.column2)",
        "ON CONFLICT (user_id, device_id, position) DO NOTHING",
        "</script>"})
    int insert(@Param("recipients") List<Recipient> recipients, @Param("position") long position,
               @Param("sender") UserId sender, @Param("type") String type);

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
