package org.hearth.api.spi.storage;

import org.hearth.api.id.UserId;

/**
 * A local account.
 *
 * @param passwordHash PHC string of the password hash, or null for an account without a local
 *                     password (created by an external authenticator such as LDAP)
 * @param displayName  display name, or null
 * @param createdAt    creation time, ms since the epoch
 * @param guest        a guest account (Client-Server API, "Guest Access"), until it is upgraded
 * @param locked       locked by an admin (Client-Server API, "Account locking")
 * @param suspended    suspended by an admin (Client-Server API, "Account suspension")
 */
public record Account(UserId userId, String passwordHash, String displayName, boolean admin,
                      boolean deactivated, long createdAt, boolean guest, boolean locked, boolean suspended) {

    /** An account neither locked nor suspended. */
    public Account(UserId userId, String passwordHash, String displayName, boolean admin, boolean deactivated,
                   long createdAt, boolean guest) {
        this(userId, passwordHash, displayName, admin, deactivated, createdAt, guest, false, false);
    }

    /** An account that is not a guest's. */
    public Account(UserId userId, String passwordHash, String displayName, boolean admin, boolean deactivated,
                   long createdAt) {
        this(userId, passwordHash, displayName, admin, deactivated, createdAt, false, false, false);
    }
}
