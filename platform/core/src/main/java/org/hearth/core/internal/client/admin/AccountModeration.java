package org.hearth.core.internal.client.admin;

import java.util.function.Predicate;
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
    LOCK(AccountModeration.LOCK_PATH, "locked", "lock", UserAccount::locked, UserAdmin::setLocked),
    /** "Account suspension": reading and leaving, not joining, sending or changing the profile. */
    SUSPEND(AccountModeration.SUSPEND_PATH, "suspended", "suspend", UserAccount::suspended, UserAdmin::setSuspended);

    static final String LOCK_PATH = "/_matrix/client/v1/admin/lock/{userId}";
    static final String SUSPEND_PATH = "/_matrix/client/v1/admin/suspend/{userId}";

    /** How a measure is put on an account or lifted ({@code on}), as {@link UserAdmin} does it. */
    @FunctionalInterface
    interface Setter {
        void set(UserAdmin admin, UserId user, boolean on, String reason);
    }

    /** The path up to the user ID, which is percent-encoded there: no user ID makes another prefix match. */
    private final String prefix;
    final String field;
    final String verb;
    private final Predicate<UserAccount> on;
    private final Setter setter;

    AccountModeration(String path, String field, String verb, Predicate<UserAccount> on, Setter setter) {
        this.prefix = path.substring(0, path.indexOf('{'));
        this.field = field;
        this.verb = verb;
        this.on = on;
        this.setter = setter;
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
    boolean of(UserAccount account) {
        return on.test(account);
    }

    void set(UserAdmin admin, UserId user, boolean on, String reason) {
        setter.set(admin, user, on, reason);
    }
}
