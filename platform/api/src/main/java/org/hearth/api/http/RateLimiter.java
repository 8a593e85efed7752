package org.hearth.api.http;

import org.hearth.api.MatrixException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Rate limits by action class, configured under {@code rate_limits:} (one token bucket per class
 * and key: {@code per_second}, {@code burst}). The front door applies a route's
 * {@link MatrixRoute#rateLimit} to the requesting user, or to the client's address when the
 * request has no user (application services are not limited); code that
 * learns the key later (the user named in a login body, a password tried through user-interactive
 * authentication) calls {@link #acquire} itself. Provided by the HTTP bundle.
 *
 * <p>The classes: {@value #LOGIN}, {@value #REGISTRATION}, {@value #MESSAGE}, {@value #ROOM_CREATION},
 * {@value #JOIN}, {@value #INVITE}, {@value #STATE}, {@value #PROFILE}, {@value #PASSWORD_CHECK},
 * {@value #MEDIA_UPLOAD}, {@value #KEYS}; a class that is not configured has the documented
 * default. {@code rate_limits.enabled: false} turns every limit off.
 */
@ProviderType
public interface RateLimiter {
    String LOGIN = "login";
    String REGISTRATION = "registration";
    String MESSAGE = "message";
    String ROOM_CREATION = "room_creation";
    String JOIN = "join";
    String INVITE = "invite";
    String STATE = "state";
    String PROFILE = "profile";
    /** Passwords checked by user-interactive authentication (password change, deactivation, device deletion). */
    String PASSWORD_CHECK = "password_check";
    String MEDIA_UPLOAD = "media_upload";
    String KEYS = "keys";

    /**
     * Takes one action of the class for the key (a user ID, an address), or throws 429
     * {@code M_LIMIT_EXCEEDED} with {@code retry_after_ms}. Exempt users are never limited.
     */
    void acquire(String limitClass, String key) throws MatrixException;
}
