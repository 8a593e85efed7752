package org.hearth.api.auth;

import org.hearth.api.id.UserId;

/**
 * A local account as bundles see it: never its password hash.
 *
 * @param displayName   the display name, or null
 * @param localPassword whether the account has a local password (else it logs in through an
 *                      {@link Authenticator} only)
 * @param createdAt     ms since the epoch
 * @param locked        locked by an admin ({@link UserAdmin#setLocked}); since 0.3.0
 * @param suspended     suspended by an admin ({@link UserAdmin#setSuspended}); since 0.3.0
 */
public record UserAccount(UserId userId, String displayName, boolean admin, boolean deactivated, boolean guest,
                          boolean localPassword, long createdAt, boolean locked, boolean suspended) {

    /** An account neither locked nor suspended. */
    public UserAccount(UserId userId, String displayName, boolean admin, boolean deactivated, boolean guest,
                       boolean localPassword, long createdAt) {
        this(userId, displayName, admin, deactivated, guest, localPassword, createdAt, false, false);
    }
}
