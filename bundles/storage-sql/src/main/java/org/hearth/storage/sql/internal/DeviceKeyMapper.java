package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.ResultMap;
import org.apache.ibatis.annotations.Results;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.DeviceKeyStore.DeviceKeys;

/** Statements on {@code device_keys}. */
interface DeviceKeyMapper {

    @Select("SELECT json FROM device_keys WHERE user_id = #{userId} AND device_id = #{deviceId}")
    Optional<String> find(@Param("userId") UserId userId, @Param("deviceId") String deviceId);

    /** Inserts nothing when the device does not exist. */
    @Insert("INSERT INTO device_keys (user_id, device_id, json)"
            + " SELECT user_id, device_id, #{json} FROM devices WHERE user_id = #{userId} AND device_id = #{deviceId}"
            + " ON CONFLICT (user_id, device_id) DO UPDATE SET json = excluded.json")
    int put(@Param("userId") UserId userId, @Param("deviceId") String deviceId, @Param("json") String json);

    /** Every device of the users that uploaded keys; at most {@link Chunks#SIZE} users. */
    @Select({"<script>",
        "SELECT k.user_id, k.device_id, k.json, d.display_name FROM device_keys k",
        "JOIN devices d ON d.user_id = k.user_id AND d.device_id = k.device_id",
        "WHERE k.user_id IN <foreach collection='users' item='u' open='(' separator=',' close=')'>#{u}</foreach>",
        "ORDER BY k.user_id, k.device_id",
        "</script>"})
    @Results(id = "deviceKeys")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "device_id", javaType = String.class),
        @Arg(column = "json", javaType = String.class),
        @Arg(column = "display_name", javaType = String.class)
    })
    List<DeviceKeys> ofUsers(@Param("users") List<UserId> users);

    /** Some devices of one user; at most {@link Chunks#SIZE} devices. */
    @Select({"<script>",
        "SELECT k.user_id, k.device_id, k.json, d.display_name FROM device_keys k",
        "JOIN devices d ON d.user_id = k.user_id AND d.device_id = k.device_id",
        "WHERE k.user_id = #{userId} AND k.device_id IN",
        "<foreach collection='devices' item='d' open='(' separator=',' close=')'>#{d}</foreach>",
        "ORDER BY k.device_id",
        "</script>"})
    @ResultMap("deviceKeys")
    List<DeviceKeys> ofDevices(@Param("userId") UserId userId, @Param("devices") List<String> deviceIds);
}
