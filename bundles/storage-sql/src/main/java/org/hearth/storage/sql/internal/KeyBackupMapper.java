package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.KeyBackupStore.RoomKey;
import org.hearth.api.spi.storage.KeyBackupStore.Version;

/** Statements on {@code key_backup_versions} and {@code key_backup_keys}. */
interface KeyBackupMapper {
    String SELECT_VERSION = "SELECT version, algorithm, auth_data, etag, key_count FROM key_backup_versions ";
    String SELECT_KEYS = "SELECT room_id, session_id, first_message_index, forwarded_count, is_verified, session_data"
            + " FROM key_backup_keys WHERE version = #{version}";

    // A SELECT because RETURNING hands back the new version on both databases.
    @Select("INSERT INTO key_backup_versions (user_id, algorithm, auth_data) VALUES (#{userId}, #{algorithm}, #{authData})"
            + " RETURNING version")
    long create(@Param("userId") UserId userId, @Param("algorithm") String algorithm, @Param("authData") String authData);

    @Select(SELECT_VERSION + "WHERE user_id = #{userId} AND NOT deleted ORDER BY version DESC LIMIT 1")
    @Results(id = "version")
    @ConstructorArgs({
        @Arg(column = "version", javaType = long.class),
        @Arg(column = "algorithm", javaType = String.class),
        @Arg(column = "auth_data", javaType = String.class),
        @Arg(column = "etag", javaType = long.class),
        @Arg(column = "key_count", javaType = long.class)
    })
    Optional<Version> current(UserId userId);

    /**
     * The user's current version, locked until the transaction ends on PostgreSQL (so a version
     * created meanwhile cannot be passed by): SQLite has one writer.
     */
    @Select(value = SELECT_VERSION + "WHERE user_id = #{userId} AND NOT deleted ORDER BY version DESC LIMIT 1 FOR UPDATE",
            databaseId = "postgres")
    @Select(value = SELECT_VERSION + "WHERE user_id = #{userId} AND NOT deleted ORDER BY version DESC LIMIT 1",
            databaseId = "sqlite")
    @ResultMap("version")
    Optional<Version> lockCurrent(UserId userId);

    @Select(SELECT_VERSION + "WHERE user_id = #{userId} AND version = #{version} AND NOT deleted")
    @ResultMap("version")
    Optional<Version> find(@Param("userId") UserId userId, @Param("version") long version);

    @Select("SELECT EXISTS (SELECT 1 FROM key_backup_versions WHERE user_id = #{userId} AND version = #{version})")
    boolean existed(@Param("userId") UserId userId, @Param("version") long version);

    @Update("UPDATE key_backup_versions SET auth_data = #{authData}"
            + " WHERE user_id = #{userId} AND version = #{version} AND NOT deleted")
    int update(@Param("userId") UserId userId, @Param("version") long version, @Param("authData") String authData);

    @Update("UPDATE key_backup_versions SET deleted = TRUE, key_count = 0, etag = etag + 1"
            + " WHERE user_id = #{userId} AND version = #{version} AND NOT deleted")
    int markDeleted(@Param("userId") UserId userId, @Param("version") long version);

    /** Adds {@code delta} keys and moves the etag. */
    @Update("UPDATE key_backup_versions SET key_count = key_count + #{delta}, etag = etag + 1 WHERE version = #{version}")
    int changed(@Param("version") long version, @Param("delta") long delta);

    @Select(SELECT_KEYS + " AND room_id = #{roomId} AND session_id = #{sessionId}")
    @Results(id = "roomKey")
    @ConstructorArgs({
        @Arg(column = "room_id", javaType = String.class),
        @Arg(column = "session_id", javaType = String.class),
        @Arg(column = "first_message_index", javaType = long.class),
        @Arg(column = "forwarded_count", javaType = long.class),
        @Arg(column = "is_verified", javaType = boolean.class),
        @Arg(column = "session_data", javaType = String.class)
    })
    Optional<RoomKey> key(@Param("version") long version, @Param("roomId") String roomId,
                          @Param("sessionId") String sessionId);

    @Select(SELECT_KEYS + " ORDER BY room_id, session_id")
    @ResultMap("roomKey")
    List<RoomKey> all(@Param("version") long version);

    @Select(SELECT_KEYS + " AND room_id = #{roomId} ORDER BY session_id")
    @ResultMap("roomKey")
    List<RoomKey> ofRoom(@Param("version") long version, @Param("roomId") String roomId);

    @Insert("INSERT INTO key_backup_keys (version, room_id, session_id, first_message_index, forwarded_count,"
            + " is_verified, session_data) VALUES (#{version}, #{k.roomId}, #{k.sessionId}, #{k.firstMessageIndex},"
            + " #{k.forwardedCount}, #{k.verified}, #{k.sessionDataJson})"
            + " ON CONFLICT (version, room_id, session_id) DO UPDATE SET"
            + " first_message_index = excluded.first_message_index, forwarded_count = excluded.forwarded_count,"
            + " is_verified = excluded.is_verified, session_data = excluded.session_data")
    int put(@Param("version") long version, @Param("k") RoomKey key);

    @Delete("DELETE FROM key_backup_keys WHERE version = #{version}")
    int deleteAll(@Param("version") long version);

    @Delete("DELETE FROM key_backup_keys WHERE version = #{version} AND room_id = #{roomId}")
    int deleteRoom(@Param("version") long version, @Param("roomId") String roomId);

    @Delete("DELETE FROM key_backup_keys WHERE version = #{version} AND room_id = #{roomId} AND session_id = #{sessionId}")
    int deleteSession(@Param("version") long version, @Param("roomId") String roomId,
                      @Param("sessionId") String sessionId);
}
