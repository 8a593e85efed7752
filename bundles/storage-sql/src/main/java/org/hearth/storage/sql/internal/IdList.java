package org.hearth.storage.sql.internal;

import java.util.List;

/**
 * A list of IDs bound as <em>one</em> statement parameter (a PostgreSQL text array, a JSON array
 * for SQLite's {@code json_each}) instead of one parameter per ID through MyBatis's
 * {@code <foreach>}, whose binding cost more CPU than the query on read paths such as an initial
 * {@code /sync} of many rooms. A statement writes {@code "room_id" + IdList.IN + "#{roomIds}" +
 * IdList.END}; {@link SessionFactories} sets the dialect's form of both ends. Bound as it is, not
 * copied: callers pass the chunk they hold ({@link Chunks} already copied the IDs).
 */
record IdList(List<String> ids) {
    static final String IN = " ${id_list_in}";
    static final String END = "${id_list_end}";

    static IdList of(List<String> ids) {
        return new IdList(ids);
    }
}
