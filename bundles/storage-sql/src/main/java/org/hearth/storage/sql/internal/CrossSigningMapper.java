package org.hearth.storage.sql.internal;

import java.util.List;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.CrossSigningStore.CrossSigningKey;
import org.hearth.api.spi.storage.CrossSigningStore.Signature;

/** Statements on {@code cross_signing_keys} and {@code key_signatures}. */
interface CrossSigningMapper {

    /** A stored cross-signing key. */
    record Key(UserId userId, String usage, String publicKey, String json) {}

    /** At most {@link Chunks#SIZE} users. */
    @Select({"<script>",
        "SELECT user_id, usage, public_key, json FROM cross_signing_keys WHERE user_id IN",
        "<foreach collection='users' item='u' open='(' separator=',' close=')'>#{u}</foreach>",
        "</script>"})
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "usage", javaType = String.class),
        @Arg(column = "public_key", javaType = String.class),
        @Arg(column = "json", javaType = String.class)
    })
    List<Key> keys(@Param("users") List<UserId> users);

    @Insert("INSERT INTO cross_signing_keys (user_id, usage, public_key, json)"
            + " VALUES (#{userId}, #{k.usage}, #{k.publicKey}, #{k.keyJson})"
            + " ON CONFLICT (user_id, usage) DO UPDATE SET public_key = excluded.public_key, json = excluded.json")
    int putKey(@Param("userId") UserId userId, @Param("k") CrossSigningKey key);

    @Insert("INSERT INTO key_signatures (target_user, target_key_id, signer, signer_key_id, signature)"
            + " VALUES (#{s.target}, #{s.targetKeyId}, #{s.signer}, #{s.signerKeyId}, #{s.signature})"
            + " ON CONFLICT (target_user, target_key_id, signer, signer_key_id)"
            + " DO UPDATE SET signature = excluded.signature")
    int putSignature(@Param("s") Signature signature);

    /** At most {@link Chunks#SIZE} targets. */
    @Select({"<script>",
        "SELECT signer, signer_key_id, target_user, target_key_id, signature FROM key_signatures",
        "WHERE target_user IN <foreach collection='targets' item='t' open='(' separator=',' close=')'>#{t}</foreach>",
        "AND (signer = target_user OR signer = #{viewer})",
        "ORDER BY target_user, target_key_id, signer, signer_key_id",
        "</script>"})
    @ConstructorArgs({
        @Arg(column = "signer", javaType = UserId.class),
        @Arg(column = "signer_key_id", javaType = String.class),
        @Arg(column = "target_user", javaType = UserId.class),
        @Arg(column = "target_key_id", javaType = String.class),
        @Arg(column = "signature", javaType = String.class)
    })
    List<Signature> signatures(@Param("targets") List<UserId> targets, @Param("viewer") UserId viewer);

    /** The signatures over one key of a user, by anyone: the key they signed is gone or replaced. */
    @Delete("DELETE FROM key_signatures WHERE target_user = #{userId} AND target_key_id = #{keyId}")
    int deleteSignaturesOver(@Param("userId") UserId userId, @Param("keyId") String keyId);
}
