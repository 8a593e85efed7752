package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ClientTxn;
import org.hearth.api.spi.storage.StoredEvent;

/** Statements on {@code events} and {@code event_transactions}. */
interface EventMapper {
    String SELECT_EVENTS = "SELECT stream_position, event_id, room_id, depth, type, state_key, sender, origin_server_ts,"
            + " json, redacted_by FROM events ";

    /** Only events with this status are part of their room's timeline and the streams. */
    String IN_ROOM = " status = 0 ";

    /** At most {@link Chunks#SIZE} IDs. */
    @Select("SELECT event_id, status, rejected_reason FROM events WHERE event_id" + IdList.IN + "#{ids}" + IdList.END)
    @ConstructorArgs({
        @Arg(column = "event_id", javaType = String.class),
        @Arg(column = "status", javaType = int.class),
        @Arg(column = "rejected_reason", javaType = String.class)
    })
    List<FlagRow> flags(@Param("ids") IdList eventIds);

    /** A row of {@link #flags}. */
    record FlagRow(String eventId, int status, String rejectedReason) {}

    @Select("SELECT state_group_before FROM events WHERE event_id = #{eventId} AND state_group_before <> 0")
    Optional<Long> stateGroupBefore(String eventId);

    /** At most {@link Chunks#SIZE} IDs. */
    @Select("SELECT event_id, state_group_before FROM events WHERE state_group_before <> 0 AND event_id"
            + IdList.IN + "#{ids}" + IdList.END)
    @ConstructorArgs({
        @Arg(column = "event_id", javaType = String.class),
        @Arg(column = "state_group_before", javaType = long.class)
    })
    List<GroupRow> stateGroupsBefore(@Param("ids") IdList eventIds);

    /** A row of {@link #stateGroupsBefore}. */
    record GroupRow(String eventId, long group) {}

    /** The auth chain of one event through {@code event_auth_edges}, at most #{limit} IDs. */
    @Select("WITH RECURSIVE chain (event_id) AS ("
            + " SELECT auth_event_id FROM event_auth_edges WHERE event_id = #{eventId}"
            + " UNION"
            + " SELECT a.auth_event_id FROM chain c JOIN event_auth_edges a ON a.event_id = c.event_id)"
            + " SELECT event_id FROM chain LIMIT #{limit}")
    List<String> authChain(@Param("eventId") String eventId, @Param("limit") int limit);

    @Select("SELECT event_id FROM event_transactions WHERE sender = #{sender} AND device_id = #{txn.deviceId}"
            + " AND scope = #{txn.scope} AND txn_id = #{txn.txnId}")
    Optional<String> eventForTransaction(@Param("sender") UserId sender, @Param("txn") ClientTxn txn);

    /** A sent event and the client transaction it came with. */
    record Transaction(String eventId, String txnId) {}

    /** At most {@link Chunks#SIZE} IDs. */
    @Select("SELECT event_id, txn_id FROM event_transactions WHERE sender = #{sender} AND device_id = #{deviceId}"
            + " AND event_id" + IdList.IN + "#{ids}" + IdList.END)
    @ConstructorArgs({
        @Arg(column = "event_id", javaType = String.class),
        @Arg(column = "txn_id", javaType = String.class)
    })
    List<Transaction> transactions(@Param("sender") UserId sender, @Param("deviceId") String deviceId,
                                   @Param("ids") IdList eventIds);

    @Select(SELECT_EVENTS + "WHERE event_id = #{eventId}")
    @Results(id = "event")
    @ConstructorArgs({
        @Arg(column = "stream_position", javaType = long.class),
        @Arg(column = "event_id", javaType = String.class),
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "depth", javaType = long.class),
        @Arg(column = "type", javaType = String.class),
        @Arg(column = "state_key", javaType = String.class),
        @Arg(column = "sender", javaType = String.class),
        @Arg(column = "origin_server_ts", javaType = long.class),
        @Arg(column = "json", javaType = String.class),
        @Arg(column = "redacted_by", javaType = String.class)
    })
    Optional<StoredEvent> event(String eventId);

    /** At most {@link Chunks#SIZE} IDs. */
    @Select(SELECT_EVENTS + "WHERE event_id" + IdList.IN + "#{ids}" + IdList.END)
    @ResultMap("event")
    List<StoredEvent> events(@Param("ids") IdList eventIds);

    /** Of every event, whatever its status (an outlier too holds its position). */
    @Select("SELECT MAX(stream_position) FROM events WHERE stream_position < #{position}")
    Long highestPositionBelow(long position);

    @Select("SELECT state_group FROM events WHERE event_id = #{eventId} AND state_group <> 0")
    Optional<Long> stateGroupOf(String eventId);

    @Select(SELECT_EVENTS + "WHERE stream_position > #{after} AND stream_position <= #{upTo} AND" + IN_ROOM
            + " ORDER BY stream_position LIMIT #{limit}")
    @ResultMap("event")
    List<StoredEvent> stream(@Param("after") long after, @Param("upTo") long upTo, @Param("limit") int limit);

    @Select(SELECT_EVENTS + "WHERE room_id = #{roomId} AND stream_position > #{after} AND stream_position <= #{upTo} AND" + IN_ROOM
            + " ORDER BY stream_position LIMIT #{limit}")
    @ResultMap("event")
    List<StoredEvent> oldest(@Param("roomId") String roomId, @Param("after") long after, @Param("upTo") long upTo,
                             @Param("limit") int limit);

    @Select(SELECT_EVENTS + "WHERE room_id = #{roomId} AND stream_position > #{after} AND stream_position <= #{upTo} AND" + IN_ROOM
            + " ORDER BY stream_position DESC LIMIT #{limit}")
    @ResultMap("event")
    List<StoredEvent> newest(@Param("roomId") String roomId, @Param("after") long after, @Param("upTo") long upTo,
                             @Param("limit") int limit);

    /** The rooms with an event in (after, upTo], each once. */
    @Select("SELECT DISTINCT room_id FROM events WHERE stream_position > #{after} AND stream_position <= #{upTo}"
            + " AND status = 0")
    List<String> roomsWithEventsIn(@Param("after") long after, @Param("upTo") long upTo);

    /** Of at most {@link Chunks#SIZE} rooms, those with an event in (after, upTo], in order. */
    @Select({"<script>",
        "SELECT v.column1 FROM (VALUES",
        "<foreach collection='roomIds' item='id' separator=','>(#{id})</foreach>",
        ") AS v WHERE EXISTS (SELECT 1 FROM events e WHERE e.room_id = v.column1",
        "AND e.stream_position &gt; #{after} AND e.stream_position &lt;= #{upTo} AND e.status = 0)",
        "ORDER BY v.column1",
        "</script>"})
    List<String> roomsChanged(@Param("roomIds") List<String> roomIds, @Param("after") long after,
                              @Param("upTo") long upTo);

    @Select(SELECT_EVENTS + "WHERE room_id = #{roomId} AND origin_server_ts >= #{ts} AND" + IN_ROOM
            + " ORDER BY origin_server_ts, stream_position LIMIT 1")
    @ResultMap("event")
    Optional<StoredEvent> firstAtOrAfter(@Param("roomId") String roomId, @Param("ts") long originServerTs);

    @Select(SELECT_EVENTS + "WHERE room_id = #{roomId} AND origin_server_ts <= #{ts} AND" + IN_ROOM
            + " ORDER BY origin_server_ts DESC, stream_position DESC LIMIT 1")
    @ResultMap("event")
    Optional<StoredEvent> lastAtOrBefore(@Param("roomId") String roomId, @Param("ts") long originServerTs);

    /** At most {@link Chunks#SIZE} rooms; {@code stateKey} null for every state key. */
    @Select({"<script>", SELECT_EVENTS, "WHERE room_id" + IdList.IN + "#{roomIds}" + IdList.END,
        "AND type = #{type} AND status = 0 AND",
        "<choose><when test='stateKey != null'>state_key = #{stateKey}</when><otherwise>state_key IS NOT NULL</otherwise></choose>",
        "ORDER BY room_id, stream_position",
        "</script>"})
    @ResultMap("event")
    List<StoredEvent> stateChanges(@Param("roomIds") IdList roomIds, @Param("type") String type,
                                   @Param("stateKey") String stateKey);

    @Update("UPDATE events SET json = #{json}, redacted_by = #{redactedBy} WHERE event_id = #{eventId}")
    int redact(@Param("eventId") String eventId, @Param("json") String redactedJson,
               @Param("redactedBy") String redactedBy);
}
