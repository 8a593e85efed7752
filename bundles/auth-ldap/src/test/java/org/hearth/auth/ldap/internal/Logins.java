package org.hearth.auth.ldap.internal;

import java.util.Map;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.Credentials;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;

/** An authenticator wired as DS would wire it, with fakes for core and storage. */
final class Logins implements AutoCloseable {
    static final ServerName SERVER = new ServerName("example.org");

    final Directory directory;
    final LdapAuthenticator authenticator;
    final FakeUserAdmin users = new FakeUserAdmin();
    final FakeExternalIds externalIds = new FakeExternalIds();

    Logins(Map<String, Object> config) {
        directory = new Directory(config);
        authenticator = new LdapAuthenticator(directory);
        authenticator.userAdmin = users;
        authenticator.externalIds = externalIds;
    }

    AuthResult login(String name, String password) throws MatrixException {
        return authenticator.authenticate(new Credentials(LdapAuthenticator.PASSWORD, user(name), password, "127.0.0.1"));
    }

    static UserId user(String localpart) {
        return new UserId(localpart, SERVER);
    }

    @Override
    public void close() {
        directory.close();
    }
}
