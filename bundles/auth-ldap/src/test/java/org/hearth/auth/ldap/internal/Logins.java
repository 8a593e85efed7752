package org.hearth.auth.ldap.internal;

import java.time.Duration;
import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.Credentials;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.testkit.Await;

/** An authenticator wired as DS would wire it, with fakes for core and storage. */
final class Logins implements AutoCloseable {
    static final ServerName SERVER = new ServerName("example.org");

    final Directory directory;
    final LdapAuthenticator authenticator;
    final FakeUserAdmin users = new FakeUserAdmin();

    Logins(Map<String, Object> config) {
        directory = new Directory(config);
        authenticator = new LdapAuthenticator(directory);
        authenticator.userAdmin = users;
    }

    AuthResult login(String name, String password) throws MatrixException {
        return authenticator.authenticate(new Credentials(LdapAuthenticator.PASSWORD, user(name), password, "127.0.0.1"));
    }

    /** What core does after an Accepted login: create the account (no local password) and link the identity. */
    UserId admit(AuthResult result) {
        AuthResult.Accepted accepted = (AuthResult.Accepted) result;
        UserId userId = accepted.userId();
        if (users.account(userId).isEmpty()) {
            users.add(userId, false);
        }
        users.link(accepted.externalId(), userId);
        return userId;
    }

    static UserId user(String localpart) {
        return new UserId(localpart, SERVER);
    }

    @Override
    public void close() {
        directory.close();
    }
}
