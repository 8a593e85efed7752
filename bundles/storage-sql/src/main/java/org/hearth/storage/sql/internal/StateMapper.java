package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;

/** Statements on {@code state_groups} and {@code state_group_entries}; see {@link StateGroups}. */
interface StateMapper {

    /**
     * The rows {@code chain} are group #{group} and the groups before it up to a snapshot, at
     * {@code step} 0, 1, … from the group.
     */
    String CHAIN = "WITH RECURSIVE chain (id, prev_group, step) AS ("
            + " SELECT id, prev_group, 0 FROM state_groups WHERE id = #{group}"
            + " UNION ALL"
            + " SELECT g.id, g.prev_group, c.step + 1 FROM chain c JOIN state_groups g ON g.id = c.prev_group)";

    /**
     * The rows {@code ranked} hold the entries of the {@link #CHAIN}; {@code newest = 1} marks,
     * per state key, the entry of the newest group.
     */
    String RESOLVE = CHAIN + ", ranked AS (SELECT e.type, e.state_key, e.event_id,"
            + " ROW_NUMBER() OVER (PARTITION BY e.type, e.state_key ORDER BY c.step) AS newest"
            + " FROM chain c JOIN state_group_entries e ON e.state_group = c.id) ";

    // A SELECT because RETURNING hands back the new ID on both databases.
    @Select("INSERT INTO state_groups (room_id, prev_group, chain_length)"
            + " VALUES (#{roomId}, #{prevGroup}, #{chainLength}) RETURNING id")
    long insertGroup(@Param("roomId") String roomId, @Param("prevGroup") Long prevGroup,
                     @Param("chainLength") int chainLength);

    @Select("SELECT chain_length FROM state_groups WHERE id = #{group}")
    Optional<Integer> chainLength(long group);

    /** Sets entries of a group, replacing those it has for the same keys. */
    @Insert({"<script>",
        "INSERT INTO state_group_entries (state_group, type, state_key, event_id) VALUES",
        "<foreach collection='entries' item='e' separator=','>(#{group}, #{e.type}, #{e.stateKey}, #{e.eventId})</foreach>",
        "ON CONFLICT (state_group, type, state_key) DO UPDATE SET event_id = excluded.event_id",
        "</script>"})
    int putEntries(@Param("group") long group, @Param("entries") List<StateEntry> entries);

    /** Stores the whole state of group #{group} as the entries of group #{target}. */
    @Insert(RESOLVE + "INSERT INTO state_group_entries (state_group, type, state_key, event_id)"
            + " SELECT #{target}, type, state_key, event_id FROM ranked WHERE newest = 1")
    int copyState(@Param("group") long group, @Param("target") long target);

    @Select(RESOLVE + "SELECT type, state_key, event_id FROM ranked WHERE newest = 1")
    @Results(id = "stateEntry")
    @ConstructorArgs({
        @Arg(column = "type", javaType = String.class),
        @Arg(column = "state_key", javaType = String.class),
        @Arg(column = "event_id", javaType = String.class)
    })
    List<StateEntry> state(@Param("group") long group);

    /**
     * The event of one state key in group #{group}'s state: one primary key probe per group of the
     * chain. CROSS JOIN keeps the chain the outer loop on SQLite, whose planner otherwise scans
     * every group's entries for a single key (20 ms a read beside a room of 10,000 members, not
     * 0.1); PostgreSQL plans it as the inner join it is.
     */
    @Select(CHAIN + " SELECT e.event_id FROM chain c CROSS JOIN state_group_entries e WHERE e.state_group = c.id"
            + " AND e.type = #{type} AND e.state_key = #{stateKey} ORDER BY c.step LIMIT 1")
    Optional<String> stateEvent(@Param("group") long group, @Param("type") String type,
                                @Param("stateKey") String stateKey);

    /**
     * The member events in group #{group}'s state of the users whose ID ends with #{suffix}
     * (compared with substr, which is case-sensitive on both databases and has no wildcards,
     * unlike LIKE): user → the event's JSON. Only those users' events are read.
     * CROSS JOIN as in {@link #stateEvent}.
     */
    @Select(CHAIN + ", ranked AS (SELECT e.state_key, e.event_id,"
            + " ROW_NUMBER() OVER (PARTITION BY e.state_key ORDER BY c.step) AS newest"
            + " FROM chain c CROSS JOIN state_group_entries e WHERE e.state_group = c.id"
            + " AND e.type = 'm.room.member'"
            + " AND substr(e.state_key, length(e.state_key) - length(#{suffix}) + 1) = #{suffix})"
            + " SELECT r.state_key AS user_id, v.json FROM ranked r CROSS JOIN events v WHERE v.event_id = r.event_id"
            + " AND r.newest = 1")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = String.class),
        @Arg(column = "json", javaType = String.class)
    })
    List<MemberJson> membersEndingWith(@Param("group") long group, @Param("suffix") String suffix);

    /** A member's user ID and the JSON of its member event. */
    record MemberJson(String userId, String json) {}
}
