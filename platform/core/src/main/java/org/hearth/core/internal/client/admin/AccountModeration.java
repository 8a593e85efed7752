package org.hearth.core.internal.client.admin;

import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.UserId;

/**
 * The two reversible measures an admin takes on an account (spec "Account moderation"), each with
 * its field in the endpoints' bodies ({@code {"locked": true}}).
 */
enum AccountModeration {
    /** "Account locking": nothing but logging out. */
    LOCK("locked", "lock"),
    /** "Account suspension": reading and leaving, not joining, sending or changing the profile. */
    SUSPEND("suspended", "suspend");

    final String field;
    final String verb;

    AccountModeration(String field, String verb) {
        this.field = field;
        this.verb = verb;
    }

    boolean of(UserAccount account) {
        return this == LOCK ? account.locked() : account.suspended();
    }

    void set(UserAdmin admin, UserId user, boolean on, String reason) {
        if (this == LOCK) {
            admin.setLocked(user, on, reason);
        } else {
            admin.setSuspended(user, on, reason);
        }
    }
}
