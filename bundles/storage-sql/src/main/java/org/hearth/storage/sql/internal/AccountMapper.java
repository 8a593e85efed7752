package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Arg;
import org.apache.ibatis.annotations.ConstructorArgs;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;

/** Statements on {@code accounts}. */
interface AccountMapper {

    /** @return 0 when the user ID is taken */
    @Insert("INSERT INTO accounts (user_id, password_hash, display_name, admin, deactivated, created_at, guest)"
            + " VALUES (#{userId}, #{passwordHash}, #{displayName}, #{admin}, #{deactivated}, #{createdAt}, #{guest})"
            + " ON CONFLICT (user_id) DO NOTHING")
    int insert(Account account);

    @Select("SELECT user_id, password_hash, display_name, admin, deactivated, created_at, guest, locked, suspended FROM accounts"
            + " WHERE user_id = #{userId}")
    @ConstructorArgs({
        @Arg(column = "user_id", javaType = UserId.class),
        @Arg(column = "password_hash", javaType = String.class),
        @Arg(column = "display_name", javaType = String.class),
        @Arg(column = "admin", javaType = boolean.class),
        @Arg(column = "deactivated", javaType = boolean.class),
        @Arg(column = "created_at", javaType = long.class),
        @Arg(column = "guest", javaType = boolean.class),
        @Arg(column = "locked", javaType = boolean.class),
        @Arg(column = "suspended", javaType = boolean.class)
    })
    Optional<Account> find(UserId userId);

    @Update("UPDATE accounts SET password_hash = #{hash} WHERE user_id = #{userId}")
    int setPasswordHash(@Param("userId") UserId userId, @Param("hash") String passwordHash);

    @Update("UPDATE accounts SET display_name = #{name} WHERE user_id = #{userId}")
    int setDisplayName(@Param("userId") UserId userId, @Param("name") String displayName);

    /** A guest's account becomes a full one (Client-Server API, "Guest Access": upgrading by registering). */
    @Update("UPDATE accounts SET guest = FALSE, password_hash = #{hash} WHERE user_id = #{userId} AND guest")
    int upgradeGuest(@Param("userId") UserId userId, @Param("hash") String passwordHash);

    @Update("UPDATE accounts SET admin = #{admin} WHERE user_id = #{userId}")
    int setAdmin(@Param("userId") UserId userId, @Param("admin") boolean admin);

    @Update("UPDATE accounts SET locked = #{locked} WHERE user_id = #{userId}")
    int setLocked(@Param("userId") UserId userId, @Param("locked") boolean locked);

    @Update("UPDATE accounts SET suspended = #{suspended} WHERE user_id = #{userId}")
    int setSuspended(@Param("userId") UserId userId, @Param("suspended") boolean suspended);

    @Update("UPDATE accounts SET deactivated = TRUE, password_hash = NULL WHERE user_id = #{userId}")
    int deactivate(UserId userId);

    /** Their tokens go with them (foreign keys). */
    @Delete("DELETE FROM devices WHERE user_id = #{userId}")
    int deleteDevices(UserId userId);

    /** A deactivated account is woken by no push. */
    @Delete("DELETE FROM pushers WHERE user_id = #{userId}")
    int deletePushers(UserId userId);

    @Update("UPDATE accounts SET erased = TRUE, display_name = NULL WHERE user_id = #{userId}")
    int markErased(UserId userId);

    // What an erased user kept here besides their events (account data, profile, push rules, key backups).

    @Delete("DELETE FROM account_data WHERE user_id = #{userId}")
    int deleteAccountData(UserId userId);

    @Delete("DELETE FROM profile_fields WHERE user_id = #{userId}")
    int deleteProfileFields(UserId userId);

    @Delete("DELETE FROM push_rules WHERE user_id = #{userId}")
    int deletePushRules(UserId userId);

    /** Their keys go with them (foreign key). */
    @Delete("DELETE FROM key_backup_versions WHERE user_id = #{userId}")
    int deleteKeyBackups(UserId userId);

    @Select("SELECT DISTINCT a.user_id FROM accounts a JOIN room_memberships m ON m.user_id = a.user_id"
            + " WHERE a.deactivated AND a.user_id > #{after} AND m.membership IN ('join', 'invite', 'knock')"
            + " ORDER BY a.user_id LIMIT #{limit}")
    List<UserId> deactivatedInRooms(@Param("after") String after, @Param("limit") int limit);

    /** At most {@link Chunks#SIZE} users. */
    @Select({"<script>",
        "SELECT user_id FROM accounts WHERE erased AND user_id IN",
        "<foreach collection='users' item='u' open='(' separator=',' close=')'>#{u}</foreach>",
        "</script>"})
    List<UserId> erased(@Param("users") List<UserId> users);
}
