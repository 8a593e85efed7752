package org.hearth.api.spi.storage;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/** Local accounts. */
@ConsumerType
public interface AccountStore {

    /**
     * Creates the account unless the user ID is taken (by an active or deactivated account:
     * user IDs are never reused).
     *
     * @return false when the user ID was taken
     */
    boolean create(Account account);

    /**
     * Creates the account and links an identity at an external provider to it (see
     * {@link ExternalIdStore#link}), in one transaction: when either fails, neither is stored.
     * A taken user ID links nothing, so an identity never lands on someone else's account.
     *
     * @return false when the user ID was taken
     */
    boolean create(Account account, String provider, String externalId);

    Optional<Account> find(UserId userId);

    void setPasswordHash(UserId userId, String passwordHash);

    void setDisplayName(UserId userId, String displayName);

    void setAdmin(UserId userId, boolean admin);

    /** Locks or unlocks the account (Client-Server API, "Account locking"); its sessions stay. Since 0.18.0. */
    default void setLocked(UserId userId, boolean locked) {
        throw new UnsupportedOperationException("this store keeps no account locks");
    }

    /** Suspends the account or lifts its suspension (Client-Server API, "Account suspension"). Since 0.18.0. */
    default void setSuspended(UserId userId, boolean suspended) {
        throw new UnsupportedOperationException("this store keeps no account suspensions");
    }

    /**
     * Makes a guest's account a full one with this password (Client-Server API, "Guest Access":
     * a guest registers with its access token).
     *
     * @return false when the account is not a guest's (any more)
     */
    default boolean upgradeGuest(UserId userId, String passwordHash) {
        throw new UnsupportedOperationException("this store keeps no guest accounts");
    }

    /**
     * Marks the account deactivated, removes its password, and deletes all its devices with
     * their access and refresh tokens, and its pushers, in one transaction. Its room memberships
     * stay: the user leaves them through events ({@link #deactivatedInRooms}).
     */
    void deactivate(UserId userId);

    /**
     * Records that the user asked for their content to be erased (Client-Server API,
     * {@code POST /account/deactivate} with {@code erase}) and deletes what they kept here besides
     * their events: account data, display name and profile fields, push rules and key backups.
     * Events are not rewritten: readers serve redacted copies to those who could not see them before.
     */
    void markErased(UserId userId);

    /**
     * Deactivated accounts still joined, invited or knocking in a room (their departures are
     * under way or were interrupted), in user ID order after {@code after} (null: from the first),
     * at most {@code limit}.
     */
    List<UserId> deactivatedInRooms(UserId after, int limit);

    /** Which of these users asked for their content to be erased (see {@link #markErased}). */
    Set<UserId> erased(Collection<UserId> userIds);
}
