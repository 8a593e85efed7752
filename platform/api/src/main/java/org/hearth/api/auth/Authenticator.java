package org.hearth.api.auth;

import java.util.Set;
import org.hearth.api.MatrixException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks login credentials: the extension point of {@code /login} and of user-interactive
 * authentication's password stage.
 *
 * <p>Core asks every Authenticator service that handles the login type, highest
 * {@code service.ranking} first, until one answers {@link AuthResult.Accepted} or
 * {@link AuthResult.Rejected}. Core's own local-password authenticator has ranking -1000, so an
 * authenticator such as LDAP registered with the default ranking 0 is asked first. The login
 * types offered by {@code GET /login} are the union of {@link #loginTypes()}.
 *
 * <p>An implementation must answer an unknown user and a wrong password alike to the client
 * (both end in 403) and should take similar time for both.
 */
@ConsumerType
public interface Authenticator {

    /** The login types handled, such as {@code m.login.password}. */
    Set<String> loginTypes();

    /**
     * @throws MatrixException when the check itself cannot be made (a directory that is down:
     *                         503 {@code M_UNKNOWN}); never for wrong credentials
     */
    AuthResult authenticate(Credentials credentials) throws MatrixException;
}
