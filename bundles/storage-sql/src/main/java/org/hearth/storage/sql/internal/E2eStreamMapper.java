package org.hearth.storage.sql.internal;

import org.apache.ibatis.annotations.Select;

/**
 * The position counters of the device-list and to-device streams, one row each in
 * {@code e2e_streams}. {@link #next} locks the row until commit (on PostgreSQL; SQLite has one
 * writer anyway), so positions of one stream commit in order and {@link #current} never shows a
 * position below which something is still uncommitted.
 */
interface E2eStreamMapper {
    String DEVICE_LISTS = "device_lists";
    String TO_DEVICE = "to_device";

    // Only through Database.nextE2ePosition, which counts it once committed (StreamHeads).
    // A SELECT because RETURNING hands back the new position on both databases.
    @Select("UPDATE e2e_streams SET position = position + 1 WHERE name = #{name} RETURNING position")
    long next(String name);

    @Select("SELECT position FROM e2e_streams WHERE name = #{name}")
    long current(String name);
}
