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
import org.hearth.api.spi.storage.Device;
import org.hearth.api.spi.storage.NewSession;
import org.hearth.api.spi.storage.RefreshToken;
import org.hearth.api.spi.storage.Session;

/** Statements on {@code devices}, {@code access_tokens} and {@code refresh_tokens}. */
interface DeviceMapper {

    /** Creates the device, or records the login as its last sighting when it exists. */
    @Insert("INSERT INTO devices (user_id, device_id, display_name, last_seen_at, last_seen_ip)"
            + " VALUES (#{userId}, #{deviceId}, #{deviceDisplayName}, #{now}, #{ip})"
            + " ON CONFLICT (user_id, device_id)"
            + " DO UPDATE SET last_seen_at = excluded.last_seen_at, last_seen_ip = excluded.last_seen_ip")
    int upsertDevice(NewSession session);

    // A SELECT because RETURNING hands back the new ID on both databases.
    @Select("INSERT INTO refresh_tokens (token_hash, user_id, device_id, created_at)"
            + " VALUES (#{hash}, #{userId}, #{deviceId}, #{now}) RETURNING id")
    long insertRefreshToken(@Param("hash") byte[] hash, @Param("userId") UserId userId,
                            @Param("deviceId") String deviceId, @Param("now") long now);

    @Insert("INSERT INTO access_tokens (token_hash, user_id, device_id, expires_at, refresh_token_id, used, created_at)"
            + " VALUES (#{hash}, #{userId}, #{deviceId}, #{expiresAt}, #{refreshTokenId}, FALSE, #{now})")
    int insertAccessToken(@Param("hash") byte[] hash, @Param("userId") UserId userId,
                          @Param("deviceId") String deviceId, @Param("expiresAt") Long expiresAt,
                          @Param("refreshTokenId") Long refreshTokenId, @Param("now") long now);

    @Select("SELECT id, user_id, device_id, expires_at, refresh_token_id, used FROM access_tokens"
            + " WHERE token_hash = #{hash}")
    @ConstructorArgs({
        @Arg(column = "id", javaType = long.class),
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "device_id", javaType = String.class),
        @Arg(column = "expires_at", javaType = Long.class),
        @Arg(column = "refresh_token_id", javaType = Long.class),
        @Arg(column = "used", javaType = boolean.class)
    })
    Optional<Session> findSession(@Param("hash") byte[] hash);

    @Update("UPDATE access_tokens SET used = TRUE WHERE id = #{id}")
    int markUsed(long accessTokenId);

    @Select("SELECT id, user_id, device_id, next_id FROM refresh_tokens WHERE token_hash = #{hash}")
    @Results(id = "refreshToken")
    @ConstructorArgs({
        @Arg(column = "id", javaType = long.class),
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "device_id", javaType = String.class),
        @Arg(column = "next_id", javaType = Long.class)
    })
    Optional<RefreshToken> findRefreshToken(@Param("hash") byte[] hash);

    /** Reads a refresh token and, on PostgreSQL, locks it until the transaction ends (SQLite has one writer). */
    @Select(value = "SELECT id, user_id, device_id, next_id FROM refresh_tokens WHERE id = #{id} FOR UPDATE",
            databaseId = "postgres")
    @Select(value = "SELECT id, user_id, device_id, next_id FROM refresh_tokens WHERE id = #{id}",
            databaseId = "sqlite")
    @ResultMap("refreshToken")
    Optional<RefreshToken> lockRefreshToken(long id);

    @Select("SELECT r.id, r.user_id, r.device_id, r.next_id FROM refresh_tokens r"
            + " JOIN access_tokens a ON a.refresh_token_id = r.id WHERE a.id = #{accessTokenId}")
    @ResultMap("refreshToken")
    Optional<RefreshToken> refreshTokenOf(long accessTokenId);

    @Update("UPDATE refresh_tokens SET next_id = #{nextId} WHERE id = #{id}")
    int setNextId(@Param("id") long id, @Param("nextId") long nextId);

    /** Deletes a refresh token with its access token. */
    @Delete("DELETE FROM refresh_tokens WHERE id = #{id}")
    int deleteRefreshToken(long id);

    /** Deletes the refresh token that was exchanged for this one, with its access token. */
    @Delete("DELETE FROM refresh_tokens WHERE next_id = #{id}")
    int deletePredecessor(long id);

    /** Deletes a refresh token with its access token unless that access token has been used. */
    @Delete("DELETE FROM refresh_tokens WHERE id = #{id}"
            + " AND NOT EXISTS (SELECT 1 FROM access_tokens WHERE refresh_token_id = #{id} AND used)")
    int deleteIfUnused(long id);

    @Delete("DELETE FROM access_tokens WHERE id = #{id}")
    int deleteAccessToken(long id);

    @Select("SELECT user_id, device_id, display_name, last_seen_at, last_seen_ip, last_seen_user_agent FROM devices"
            + " WHERE user_id = #{userId} ORDER BY device_id")
    @Results(id = "device")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "device_id", javaType = String.class),
        @Arg(column = "display_name", javaType = String.class),
        @Arg(column = "last_seen_at", javaType = Long.class),
        @Arg(column = "last_seen_ip", javaType = String.class),
        @Arg(column = "last_seen_user_agent", javaType = String.class)
    })
    List<Device> devices(UserId userId);

    @Select("SELECT user_id, device_id, display_name, last_seen_at, last_seen_ip, last_seen_user_agent FROM devices"
            + " WHERE user_id = #{userId} AND device_id = #{deviceId}")
    @ResultMap("device")
    Optional<Device> device(@Param("userId") UserId userId, @Param("deviceId") String deviceId);

    @Update("UPDATE devices SET display_name = #{name} WHERE user_id = #{userId} AND device_id = #{deviceId}")
    int rename(@Param("userId") UserId userId, @Param("deviceId") String deviceId, @Param("name") String name);

    /** Its tokens go with it (foreign keys). */
    @Delete("DELETE FROM devices WHERE user_id = #{userId} AND device_id = #{deviceId}")
    int deleteDevice(@Param("userId") UserId userId, @Param("deviceId") String deviceId);

    @Update("UPDATE devices SET last_seen_at = #{at}, last_seen_ip = #{ip}, last_seen_user_agent = #{userAgent}"
            + " WHERE user_id = #{userId} AND device_id = #{deviceId}")
    int touch(@Param("userId") UserId userId, @Param("deviceId") String deviceId, @Param("at") long at,
              @Param("ip") String ip, @Param("userAgent") String userAgent);
}
