package org.hearth.storage.sql.internal;

import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.UserDirectoryStore.Entry;

/**
 * The user directory search over room_memberships, current_state, accounts and profile_fields; a
 * user of another server (no account here) is named by their member event in a room they share.
 * The dialects differ only in reading a field of an event's JSON.
 */
interface UserDirectoryMapper {
    /**
     * Joined members of the rooms the searcher has joined (the searcher only through a public room,
     * as Synapse has it), with the member event of one such room each.
     */
    String SHARING = "WITH candidates AS ("
            + " SELECT theirs.user_id, theirs.event_id FROM room_memberships mine JOIN room_memberships theirs"
            + " ON theirs.room_id = mine.room_id WHERE mine.user_id = #{searcher} AND mine.membership = 'join'"
            + " AND theirs.membership = 'join' AND theirs.user_id <> mine.user_id"
            + " UNION SELECT m.user_id, m.event_id FROM room_memberships m JOIN current_state s ON s.room_id = m.room_id"
            + " JOIN events e ON e.event_id = s.event_id WHERE m.membership = 'join' AND s.state_key = '' AND";
    /**
     * Ends {@link #SHARING}'s public rooms: one counts while a local user is in it, for once this
     * server left, it hears nothing of the room any more (as Synapse has it). {@code localSuffix}:
     * ':' and the server name, which holds neither '%' nor '_'.
     */
    String WITH_A_LOCAL_MEMBER = " AND EXISTS (SELECT 1 FROM room_memberships l WHERE l.room_id = m.room_id"
            + " AND l.membership = 'join' AND l.user_id LIKE '%' || #{localSuffix})";
    /** Then, per user: a local user's profile, else the member event's name and avatar. */
    String PEOPLE = "), people AS (SELECT user_id, MIN(event_id) AS event_id FROM candidates GROUP BY user_id),"
            + " named AS (SELECT c.user_id, a.user_id AS account, a.deactivated,"
            + " CASE WHEN a.user_id IS NULL THEN ";
    String FIND = " FROM people c LEFT JOIN accounts a ON a.user_id = c.user_id"
            + " LEFT JOIN profile_fields p ON p.user_id = a.user_id AND p.field = 'avatar_url'"
            + " LEFT JOIN events e ON e.event_id = c.event_id AND a.user_id IS NULL)"
            + " SELECT user_id, display_name, avatar FROM named WHERE (account IS NULL OR NOT deactivated)"
            + " AND (LOWER(user_id) LIKE #{pattern} ESCAPE '!' OR LOWER(display_name) LIKE #{pattern} ESCAPE '!')"
            + " ORDER BY COALESCE(display_name, user_id), user_id LIMIT #{limit}";
    String SQLITE_NAMES = "json_extract(e.json, '$.content.displayname') ELSE a.display_name END AS display_name,"
            + " CASE WHEN a.user_id IS NULL THEN json_extract(e.json, '$.content.avatar_url') ELSE p.value END AS avatar";
    String POSTGRES_NAMES = "(replace(e.json, '\\u0000', '\\u0020')::jsonb #>> '{content,displayname}')"
            + " ELSE a.display_name END AS display_name, CASE WHEN a.user_id IS NULL THEN"
            + " (replace(e.json, '\\u0000', '\\u0020')::jsonb #>> '{content,avatar_url}') ELSE p.value END AS avatar";

    /** {@code pattern}: lower case, with {@code %}, {@code _} and {@code !} escaped by {@code !}. */
    @Select(value = SHARING
            + " ((s.type = 'm.room.join_rules' AND json_extract(e.json, '$.content.join_rule') = 'public')"
            + " OR (s.type = 'm.room.history_visibility'"
            + " AND json_extract(e.json, '$.content.history_visibility') = 'world_readable'))"
            + WITH_A_LOCAL_MEMBER + PEOPLE + SQLITE_NAMES + FIND,
            databaseId = "sqlite")
    @Select(value = SHARING
            + " ((s.type = 'm.room.join_rules' AND (replace(e.json, '\\u0000', '\\u0020')::jsonb #>> '{content,join_rule}') = 'public')"
            + " OR (s.type = 'm.room.history_visibility'"
            + " AND (replace(e.json, '\\u0000', '\\u0020')::jsonb #>> '{content,history_visibility}') = 'world_readable'))"
            + WITH_A_LOCAL_MEMBER + PEOPLE + POSTGRES_NAMES + FIND,
            databaseId = "postgres")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "display_name", javaType = String.class),
        @Arg(column = "avatar", javaType = String.class)
    })
    List<Entry> search(@Param("searcher") UserId searcher, @Param("localSuffix") String localSuffix,
                       @Param("pattern") String pattern, @Param("limit") int limit);
}
