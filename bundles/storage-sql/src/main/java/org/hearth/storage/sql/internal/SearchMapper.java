package org.hearth.storage.sql.internal;

import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.spi.storage.SearchStore;
import org.hearth.api.spi.storage.StoredEvent;

/**
 * Statements on {@code event_search}: a GIN-indexed {@code tsvector} on PostgreSQL, an FTS5 table
 * on SQLite (its rowid is the stream position), written with each event ({@link EventRows#index}).
 */
interface SearchMapper {
    /** A match: its stream position and rank (higher is better). */
    record Match(long streamPosition, double rank) {}

    @Delete(value = "DELETE FROM event_search WHERE stream_position IN"
            + " (SELECT stream_position FROM events WHERE event_id = #{eventId})", databaseId = "postgres")
    @Delete(value = "DELETE FROM event_search WHERE rowid IN"
            + " (SELECT stream_position FROM events WHERE event_id = #{eventId})", databaseId = "sqlite")
    int forget(String eventId);

    String PG_WHERE = "FROM event_search WHERE vector @@ to_tsquery('english', #{match})"
            + " AND room_id IN <foreach collection='q.roomIds' item='r' open='(' separator=',' close=')'>#{r}</foreach>"
            + " AND type IN <foreach collection='q.types' item='t' open='(' separator=',' close=')'>#{t}</foreach>";
    String SQLITE_WHERE = "FROM event_search WHERE event_search MATCH #{match}"
            + " AND room_id IN <foreach collection='q.roomIds' item='r' open='(' separator=',' close=')'>#{r}</foreach>"
            + " AND type IN <foreach collection='q.types' item='t' open='(' separator=',' close=')'>#{t}</foreach>";

    @Select(value = {"<script>SELECT stream_position, ts_rank(vector, to_tsquery('english', #{match})) AS rank ",
        PG_WHERE,
        "<if test='!q.byRank'> AND stream_position &lt; #{q.before} ORDER BY stream_position DESC</if>",
        "<if test='q.byRank'> ORDER BY rank DESC, stream_position DESC</if>",
        " LIMIT #{q.limit} OFFSET #{q.offset}</script>"}, databaseId = "postgres")
    @Select(value = {"<script>SELECT rowid AS stream_position, -bm25(event_search) AS rank ",
        SQLITE_WHERE,
        "<if test='!q.byRank'> AND rowid &lt; #{q.before} ORDER BY rowid DESC</if>",
        "<if test='q.byRank'> ORDER BY rank DESC, rowid DESC</if>",
        " LIMIT #{q.limit} OFFSET #{q.offset}</script>"}, databaseId = "sqlite")
    @ConstructorArgs({
        @Arg(column = "stream_position", javaType = long.class),
        @Arg(column = "rank", javaType = double.class)
    })
    List<Match> search(@Param("q") SearchStore.Query query, @Param("match") String match);

    @Select(value = {"<script>SELECT COUNT(*) ", PG_WHERE, "</script>"}, databaseId = "postgres")
    @Select(value = {"<script>SELECT COUNT(*) ", SQLITE_WHERE, "</script>"}, databaseId = "sqlite")
    long count(@Param("q") SearchStore.Query query, @Param("match") String match);

    /** At most {@link Chunks#SIZE} positions. */
    @Select({"<script>", EventMapper.SELECT_EVENTS, "WHERE stream_position IN",
        "<foreach collection='positions' item='p' open='(' separator=',' close=')'>#{p}</foreach>",
        "</script>"})
    @ResultMap("org.hearth.storage.sql.internal.EventMapper.event")
    List<StoredEvent> events(@Param("positions") List<Long> positions);
}
