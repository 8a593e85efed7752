package org.hearth.storage.sql.internal;

import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.OneTimeKeyStore.Claim;

/** Statements on {@code one_time_keys} and {@code fallback_keys}. */
interface OneTimeKeyMapper {

    /** A stored key: its ID ({@code <algorithm>:<key_id>}) and JSON. */
    record Key(String keyId, String json) {}

    /** An algorithm and how many keys of it. */
    record Count(String algorithm, int count) {}

    /** At most {@link Chunks#SIZE} IDs. */
    @Select({"<script>",
        "SELECT key_id, json FROM one_time_keys WHERE user_id = #{userId} AND device_id = #{deviceId} AND key_id IN",
        "<foreach collection='ids' item='id' open='(' separator=',' close=')'>#{id}</foreach>",
        "</script>"})
    @Results(id = "key")
    @ConstructorArgs({
        @Arg(column = "key_id", javaType = String.class),
        @Arg(column = "json", javaType = String.class)
    })
    List<Key> find(@Param("userId") UserId userId, @Param("deviceId") String deviceId, @Param("ids") List<String> keyIds);

    /** Inserts nothing when the device does not exist or already holds the key ID. */
    @Insert("INSERT INTO one_time_keys (user_id, device_id, algorithm, key_id, json)"
            + " SELECT user_id, device_id, #{algorithm}, #{keyId}, #{json} FROM devices"
            + " WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " ON CONFLICT (user_id, device_id, key_id) DO NOTHING")
    int insert(@Param("userId") UserId userId, @Param("deviceId") String deviceId,
               @Param("algorithm") String algorithm, @Param("keyId") String keyId, @Param("json") String json);

    @Select("SELECT algorithm, COUNT(*) AS n FROM one_time_keys WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " GROUP BY algorithm ORDER BY algorithm")
    @ConstructorArgs({
        @Arg(column = "algorithm", javaType = String.class),
        @Arg(column = "n", javaType = int.class)
    })
    List<Count> counts(@Param("userId") UserId userId, @Param("deviceId") String deviceId);

    /** A key handed out for a claim. */
    record Claimed(UserId userId, String deviceId, String algorithm, String keyId, String json) {}

    String CLAIMS = "(VALUES <foreach collection='claims' item='c' separator=','>(#{c.userId}, #{c.deviceId}, #{c.algorithm})"
            + "</foreach>)";
    String TAKE_OLDEST = "DELETE FROM one_time_keys WHERE id IN (SELECT (SELECT k.id FROM one_time_keys k"
            + " WHERE k.user_id = c.column1 AND k.device_id = c.column2 AND k.algorithm = c.column3 ORDER BY k.id LIMIT 1";

    /**
     * Deletes and returns, for each claim (at most {@link Chunks#SIZE}, each device once), the
     * device's oldest key of the algorithm. On PostgreSQL a key another claim is taking is
     * skipped, not waited for: two claims never get the same key, nor none while another is left.
     */
    @Select(value = {"<script>", TAKE_OLDEST, "FOR UPDATE SKIP LOCKED) FROM ", CLAIMS,
        " AS c) RETURNING user_id, device_id, algorithm, key_id, json", "</script>"}, databaseId = "postgres")
    @Select(value = {"<script>", TAKE_OLDEST, ") FROM ", CLAIMS,
        " AS c) RETURNING user_id, device_id, algorithm, key_id, json", "</script>"}, databaseId = "sqlite")
    @Results(id = "claimed")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "device_id", javaType = String.class),
        @Arg(column = "algorithm", javaType = String.class),
        @Arg(column = "key_id", javaType = String.class),
        @Arg(column = "json", javaType = String.class)
    })
    List<Claimed> takeOldest(@Param("claims") List<Claim> claims);

    /** Inserts nothing when the device does not exist. */
    @Insert("INSERT INTO fallback_keys (user_id, device_id, algorithm, key_id, json, used)"
            + " SELECT user_id, device_id, #{algorithm}, #{keyId}, #{json}, FALSE FROM devices"
            + " WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " ON CONFLICT (user_id, device_id, algorithm) DO UPDATE SET key_id = excluded.key_id,"
            + " json = excluded.json, used = FALSE"
            + " WHERE fallback_keys.key_id <> excluded.key_id OR fallback_keys.json <> excluded.json")
    int putFallback(@Param("userId") UserId userId, @Param("deviceId") String deviceId,
                    @Param("algorithm") String algorithm, @Param("keyId") String keyId, @Param("json") String json);

    @Select("SELECT algorithm FROM fallback_keys WHERE user_id = #{userId} AND device_id = #{deviceId} AND NOT used"
            + " ORDER BY algorithm")
    List<String> unusedFallbackAlgorithms(@Param("userId") UserId userId, @Param("deviceId") String deviceId);

    /**
     * Marks the fallback keys of the claims (at most {@link Chunks#SIZE}) used and returns them. On
     * PostgreSQL the rows are locked in key order first (byte order, as Java sorts the chunks), so
     * that concurrent claims of the same devices wait for each other instead of deadlocking.
     */
    @Select(value = {"<script>", "UPDATE fallback_keys f SET used = TRUE FROM (SELECT user_id, device_id, algorithm",
        "FROM fallback_keys WHERE (user_id, device_id, algorithm) IN ", CLAIMS,
        "ORDER BY user_id COLLATE \"C\", device_id COLLATE \"C\", algorithm COLLATE \"C\" FOR UPDATE) AS locked",
        "WHERE f.user_id = locked.user_id AND f.device_id = locked.device_id AND f.algorithm = locked.algorithm",
        "RETURNING f.user_id, f.device_id, f.algorithm, f.key_id, f.json", "</script>"}, databaseId = "postgres")
    @Select(value = {"<script>", "UPDATE fallback_keys SET used = TRUE WHERE (user_id, device_id, algorithm) IN ", CLAIMS,
        " RETURNING user_id, device_id, algorithm, key_id, json", "</script>"}, databaseId = "sqlite")
    @ResultMap("claimed")
    List<Claimed> useFallback(@Param("claims") List<Claim> claims);
}
