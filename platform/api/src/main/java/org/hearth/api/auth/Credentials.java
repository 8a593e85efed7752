package org.hearth.api.auth;

import org.hearth.api.id.UserId;

/**
 * What a user presented to log in or to pass a user-interactive authentication stage.
 *
 * @param type          the login type, such as {@code m.login.password}
 * @param userId        the user, resolved from the identifier against this server's name
 * @param password      the password, for password types
 * @param remoteAddress the client's address, for audit and rate limiting
 */
public record Credentials(String type, UserId userId, String password, String remoteAddress) {

    @Override
    public String toString() {
        return "Credentials[" + type + " " + userId + " from " + remoteAddress + "]"; // never the password
    }
}
