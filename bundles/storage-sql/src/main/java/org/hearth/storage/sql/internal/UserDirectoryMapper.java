package org.hearth.storage.sql.internal;

import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.UserDirectoryStore.Entry;

/**
 * The user directory search over room_memberships, current_state, accounts and profile_fields.
 * The dialects differ only in reading a field of an event's JSON.
 */
interface UserDirectoryMapper {
    /** Joined members of the rooms the searcher has joined (the searcher only through a public room, as Synapse has it). */
    String SHARING = "WITH candidates AS ("
            + " SELECT theirs.user_id FROM room_memberships mine JOIN room_memberships theirs"
            + " ON theirs.room_id = mine.room_id WHERE mine.user_id = #{searcher} AND mine.membership = 'join'"
            + " AND theirs.membership = 'join' AND theirs.user_id <> mine.user_id"
            + " UNION SELECT m.user_id FROM room_memberships m JOIN current_state s ON s.room_id = m.room_id"
            + " JOIN events e ON e.event_id = s.event_id WHERE m.membership = 'join' AND s.state_key = '' AND";
    String FIND = ") SELECT a.user_id, a.display_name, p.value AS avatar FROM candidates c"
            + " JOIN accounts a ON a.user_id = c.user_id"
            + " LEFT JOIN profile_fields p ON p.user_id = a.user_id AND p.field = 'avatar_url'"
            + " WHERE NOT a.deactivated AND (LOWER(a.user_id) LIKE #{pattern} ESCAPE '!'"
            + " OR LOWER(a.display_name) LIKE #{pattern} ESCAPE '!')"
            + " ORDER BY COALESCE(a.display_name, a.user_id), a.user_id LIMIT #{limit}";

    /** {@code pattern}: lower case, with {@code %}, {@code _} and {@code !} escaped by {@code !}. */
    @Select(value = SHARING
            + " ((s.type = 'm.room.join_rules' AND json_extract(e.json, '$.content.join_rule') = 'public')"
            + " OR (s.type = 'm.room.history_visibility'"
            + " AND json_extract(e.json, '$.content.history_visibility') = 'world_readable'))" + FIND,
            databaseId = "sqlite")
    @Select(value = SHARING
            + " ((s.type = 'm.room.join_rules' AND (replace(e.json, '\\u0000', '\\u0020')::jsonb #>> '{content,join_rule}') = 'public')"
            + " OR (s.type = 'm.room.history_visibility'"
            + " AND (replace(e.json, '\\u0000', '\\u0020')::jsonb #>> '{content,history_visibility}') = 'world_readable'))" + FIND,
            databaseId = "postgres")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "display_name", javaType = String.class),
        @Arg(column = "avatar", javaType = String.class)
    })
    List<Entry> search(@Param("searcher") UserId searcher, @Param("pattern") String pattern, @Param("limit") int limit);
}
