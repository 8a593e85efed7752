package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;

/** Statements on {@code profile_fields} and {@code openid_tokens}. */
interface ProfileMapper {

    /** One row of {@code profile_fields}. */
    record Field(String name, String value) {}

    @Select("SELECT field, value FROM profile_fields WHERE user_id = #{userId} ORDER BY field")
    @ConstructorArgs({
        @Arg(column = "field", javaType = String.class),
        @Arg(column = "value", javaType = String.class)
    })
    List<Field> fields(@Param("userId") UserId userId);

    @Insert("INSERT INTO profile_fields (user_id, field, value) VALUES (#{userId}, #{field}, #{value})"
            + " ON CONFLICT (user_id, field) DO UPDATE SET value = excluded.value")
    int setField(@Param("userId") UserId userId, @Param("field") String field, @Param("value") String valueJson);

    @Delete("DELETE FROM profile_fields WHERE user_id = #{userId} AND field = #{field}")
    int removeField(@Param("userId") UserId userId, @Param("field") String field);

    @Insert("INSERT INTO openid_tokens (token_hash, user_id, expires_at) VALUES (#{hash}, #{userId}, #{expiresAt})")
    int insertOpenIdToken(@Param("hash") byte[] hash, @Param("userId") UserId userId,
                          @Param("expiresAt") long expiresAt);

    @Select("SELECT user_id FROM openid_tokens WHERE token_hash = #{hash} AND expires_at > #{now}")
    Optional<UserId> openIdTokenUser(@Param("hash") byte[] hash, @Param("now") long now);

    @Delete("DELETE FROM openid_tokens WHERE expires_at <= #{now}")
    int deleteExpiredOpenIdTokens(@Param("now") long now);
}
