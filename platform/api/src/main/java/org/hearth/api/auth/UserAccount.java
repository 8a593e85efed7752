package org.hearth.api.auth;

import org.hearth.api.id.UserId;

/**
 * A local account as bundles see it: never its password hash.
 *
 * @param displayName   the display name, or null
 * @param localPassword whether the account has a local password (else it logs in through an
 *                      {@link Authenticator} only)
 * @param createdAt     ms since the epoch
 */
public record UserAccount(UserId userId, String displayName, boolean admin, boolean deactivated, boolean guest,
                          boolean localPassword, long createdAt) {
}
