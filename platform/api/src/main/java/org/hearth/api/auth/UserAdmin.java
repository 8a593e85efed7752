package org.hearth.api.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.MatrixException;
import org.hearth.api.id.DeviceId;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Account administration for bundles (directory sync, admin APIs, scripts), provided by core.
 * Every change goes through core, so its session cache and the audit log ({@code hearth.audit},
 * one line per change, with the reason) stay right: a deactivated user's tokens stop working at
 * once. Password hashes never leave core.
 */
@ProviderType
public interface UserAdmin {
    Optional<UserAccount> account(UserId userId);

    /**
     * Creates a local account; {@code password} null for one that logs in through an
     * {@link Authenticator} only. 400 {@code M_USER_IN_USE} when the ID is taken (also by a
     * deactivated account), 400 {@code M_INVALID_USERNAME} for a localpart new accounts may not
     * have, 400 {@code M_INVALID_PARAM} for another server's user.
     */
    UserAccount create(UserId userId, String password, String displayName, boolean admin, String reason)
            throws MatrixException;

    /**
     * Deactivates the account and revokes every device, token and pusher; the user then leaves
     * every room it is in (in the background: its other members see it leave).
     */
    void deactivate(UserId userId, String reason);

    /** Sets a new password; with {@code logoutDevices}, every session of the user ends. */
    void setPassword(UserId userId, String password, boolean logoutDevices, String reason) throws MatrixException;

    /** Grants or removes server admin rights. */
    void setAdmin(UserId userId, boolean admin, String reason);

    /**
     * Locks or unlocks the account (Client-Server API, "Account locking"): while locked, every
     * request of its sessions but a logout is refused with 401 {@code M_USER_LOCKED}, and it cannot
     * log in; its sessions stay, and work again once it is unlocked. Since 0.3.0.
     */
    void setLocked(UserId userId, boolean locked, String reason);

    /**
     * Suspends the account or lifts the suspension (Client-Server API, "Account suspension"): while
     * suspended, its sessions read, sync, leave rooms, redact their own events and manage their
     * devices and keys, but joining, knocking, inviting, creating rooms, sending and changing the
     * profile answer 403 {@code M_USER_SUSPENDED}. Since 0.3.0.
     */
    void setSuspended(UserId userId, boolean suspended, String reason);

    void setDisplayName(UserId userId, String displayName);

    List<DeviceInfo> devices(UserId userId);

    /** Ends the sessions of these devices (their tokens stop working at once). */
    void logout(UserId userId, List<DeviceId> devices, String reason);

    /** Ends every session of the user. */
    void logoutAll(UserId userId, String reason);

    /** The account linked to an external identity (see {@link AuthResult.Accepted#externalId()}). */
    Optional<UserId> findByExternalId(ExternalId externalId);

    /** Every link of a provider: external ID → account. */
    Map<String, UserId> externalIds(String provider);

    void unlink(ExternalId externalId);
}
