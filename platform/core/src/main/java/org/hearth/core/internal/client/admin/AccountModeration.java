package org.hearth.core.internal.client.admin;

import org.hearth.api.MatrixException;
import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.UserId;

/**
 * The two reversible measures an admin takes on an account (spec "Account moderation"), each with
 * its endpoint and its field in the endpoint's bodies ({@code {"locked": true}}).
 */
enum AccountModeration {
    /** "Account locking": nothing but logging out. */
    LOCK(AccountModeration.LOCK_PATH, "locked", "lock") {
        @Override
        boolean of(UserAccount account) {
            return account.locked();
        }

        @Override
        void set(UserAdmin admin, UserId user, boolean on, String reason) {
            admin.setLocked(user, on, reason);
        }
    },
    /** "Account suspension": reading and leaving, not joining, sending or changing the profile. */
    SUSPEND(AccountModeration.SUSPEND_PATH, "suspended", "suspend") {
        @Override
        boolean of(UserAccount account) {
            return account.suspended();
        }

        @Override
        void set(UserAdmin admin, UserId user, boolean on, String reason) {
            admin.setSuspended(user, on, reason);
        }
    };

    static final String LOCK_PATH = "/_matrix/client/v1/admin/lock/{userId}";
    static final String SUSPEND_PATH = "/_matrix/client/v1/admin/suspend/{userId}";

    /** The path up to the user ID, which is percent-encoded there: no user ID makes another prefix match. */
    private final String prefix;
    final String field;
    final String verb;

    AccountModeration(String path, String field, String verb) {
        this.prefix = path.substring(0, path.indexOf('{'));
        this.field = field;
        this.verb = verb;
    }

    /** The measure an endpoint of both is asked about, by its path. */
    static AccountModeration of(RouteRequest request) throws MatrixException {
        for (AccountModeration measure : values()) {
            if (request.path().startsWith(measure.prefix)) {
                return measure;
            }
        }
        throw MatrixException.unrecognized(404, "Unrecognized request");
    }

    /** Whether the measure is on the account. */
    abstract boolean of(UserAccount account);

    abstract void set(UserAdmin admin, UserId user, boolean on, String reason);
}
