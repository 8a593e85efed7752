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

/** Statements on {@code external_ids}. */
interface ExternalIdMapper {

    /** A row of {@link #links}: MyBatis maps rows to objects, not to one map of them. */
    record Link(String externalId, UserId userId) {
    }

    /** Creates the link; one the identity already has is replaced, its creation time included. */
    @Insert("INSERT INTO external_ids (provider, external_id, user_id, created_at)"
            + " VALUES (#{provider}, #{externalId}, #{userId}, #{now})"
            + " ON CONFLICT (provider, external_id)"
            + " DO UPDATE SET user_id = excluded.user_id, created_at = excluded.created_at")
    int upsert(@Param("provider") String provider, @Param("externalId") String externalId,
               @Param("userId") UserId userId, @Param("now") long now);

    @Select("SELECT user_id FROM external_ids WHERE provider = #{provider} AND external_id = #{externalId}")
    Optional<UserId> find(@Param("provider") String provider, @Param("externalId") String externalId);

    @Select("SELECT external_id, user_id FROM external_ids WHERE provider = #{provider}")
    @ConstructorArgs({
        @Arg(column = "external_id", javaType = String.class),
        @Arg(column = "user_id", javaType = UserId.class)
    })
    List<Link> links(String provider);

    @Delete("DELETE FROM external_ids WHERE provider = #{provider} AND external_id = #{externalId}")
    int delete(@Param("provider") String provider, @Param("externalId") String externalId);
}
