package org.hearth.storage.sql.internal;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.spi.storage.RelationStore.Relation;
import org.hearth.api.spi.storage.RelationStore.ThreadRoot;

/** Statements on {@code event_relations}. */
interface RelationMapper {

    @Insert("INSERT INTO event_relations (event_id, relates_to_id, rel_type, room_id, type, sender, stream_position)"
            + " VALUES (#{r.eventId}, #{r.parentId}, #{r.relType}, #{roomId}, #{r.type}, #{r.sender}, #{r.streamPosition})"
            + " ON CONFLICT (event_id) DO NOTHING")
    int insert(@Param("roomId") String roomId, @Param("r") Relation relation);

    @Delete("DELETE FROM event_relations WHERE event_id = #{eventId}")
    int delete(String eventId);

    /** At most {@link Chunks#SIZE} parents. */
    @Select({"<script>SELECT event_id, relates_to_id, rel_type, type, sender, stream_position FROM event_relations",
        " WHERE relates_to_id IN <foreach collection='parents' item='p' open='(' separator=',' close=')'>#{p}</foreach>",
        " <if test='!relTypes.isEmpty()'>AND rel_type IN",
        "  <foreach collection='relTypes' item='t' open='(' separator=',' close=')'>#{t}</foreach></if>",
        " <if test='eventType != null'>AND type = #{eventType}</if>",
        " AND stream_position &gt; #{after} AND stream_position &lt;= #{upTo}",
        " ORDER BY stream_position <if test='newestFirst'>DESC</if> LIMIT #{limit}</script>"})
    @ConstructorArgs({
        @Arg(column = "event_id", javaType = String.class),
        @Arg(column = "relates_to_id", javaType = String.class),
        @Arg(column = "rel_type", javaType = String.class),
        @Arg(column = "type", javaType = String.class),
        @Arg(column = "sender", javaType = String.class),
        @Arg(column = "stream_position", javaType = long.class)
    })
    List<Relation> children(@Param("parents") Collection<String> parentIds, @Param("relTypes") Collection<String> relTypes,
                            @Param("eventType") String eventType, @Param("after") long after, @Param("upTo") long upTo,
                            @Param("limit") int limit, @Param("newestFirst") boolean newestFirst);

    @Select({"<script>SELECT r.relates_to_id AS root_id, MAX(r.stream_position) AS latest FROM event_relations r",
        " WHERE r.room_id = #{roomId} AND r.rel_type = 'm.thread'",
        " GROUP BY r.relates_to_id HAVING MAX(r.stream_position) &lt; #{before}",
        " <if test='participant != null'>AND (SUM(CASE WHEN r.sender = #{participant} THEN 1 ELSE 0 END) &gt; 0",
        "  OR EXISTS (SELECT 1 FROM events e WHERE e.event_id = r.relates_to_id AND e.sender = #{participant}))</if>",
        " ORDER BY latest DESC LIMIT #{limit}</script>"})
    @ConstructorArgs({
        @Arg(column = "root_id", javaType = String.class),
        @Arg(column = "latest", javaType = long.class)
    })
    List<ThreadRoot> threads(@Param("roomId") String roomId, @Param("before") long before,
                             @Param("participant") String participant, @Param("limit") int limit);
}
