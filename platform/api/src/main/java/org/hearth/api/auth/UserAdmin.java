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
