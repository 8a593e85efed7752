package org.hearth.storage.sql.internal;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.spi.storage.ReceiptStore.Receipt;

/** Statements on {@code receipts}; an unthreaded receipt is stored with thread ID '' and read back with null. */
interface ReceiptMapper {

    /** Inserts or moves the receipt forward; a receipt behind the stored one changes nothing (0 rows). */
    @Insert("INSERT INTO receipts (room_id, user_id, type, thread_id, event_id, event_position, ts, stream_position)"
            + " VALUES (#{r.roomId}, #{r.userId}, #{r.type}, #{thread}, #{r.eventId}, #{r.eventPosition}, #{r.ts}, #{position})"
            + " ON CONFLICT (room_id, user_id, type, thread_id) DO UPDATE SET event_id = excluded.event_id,"
            + " event_position = excluded.event_position, ts = excluded.ts, stream_position = excluded.stream_position"
            + " WHERE receipts.event_position < excluded.event_position")
    int put(@Param("r") Receipt receipt, @Param("thread") String threadKey, @Param("position") long position);

    /** The receipts that moved in (after, upTo], in order: of the rooms, or of every room when {@code rooms} is null. */
    @Select({"<script>SELECT room_id, user_id, type, NULLIF(thread_id, '') AS thread_id, event_id, event_position, ts,",
        " stream_position FROM receipts WHERE",
        " <if test='rooms != null'>room_id IN",
        " <foreach collection='rooms' item='r' open='(' separator=',' close=')'>#{r}</foreach> AND</if>",
        " stream_position &gt; #{after} AND stream_position &lt;= #{upTo} ORDER BY stream_position</script>"})
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "type", javaType = String.class),
        @Arg(column = "thread_id", javaType = String.class),
        @Arg(column = "event_id", javaType = String.class),
        @Arg(column = "event_position", javaType = long.class),
        @Arg(column = "ts", javaType = long.class),
        @Arg(column = "stream_position", javaType = long.class)
    })
    List<Receipt> changed(@Param("rooms") Collection<String> roomIds, @Param("after") long after, @Param("upTo") long upTo);
}
