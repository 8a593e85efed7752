package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Statements on {@code stream_cursors}. */
interface StreamCursorMapper {

    /** A row of {@link #all}. */
    record Cursor(String consumer, long position) {
    }

    @Select("SELECT position FROM stream_cursors WHERE consumer = #{consumer}")
    Optional<Long> find(String consumer);

    @Insert("INSERT INTO stream_cursors (consumer, position, updated_at) VALUES (#{consumer}, #{position}, #{now})"
            + " ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at")
    int upsert(@Param("consumer") String consumer, @Param("position") long position, @Param("now") long now);

    @Select("SELECT consumer, position FROM stream_cursors ORDER BY consumer")
    @ConstructorArgs({
        @Arg(column = "consumer", javaType = String.class),
        @Arg(column = "position", javaType = long.class)
    })
    List<Cursor> all();
}
