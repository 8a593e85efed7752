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
    final FakeExternalIds externalIds = new FakeExternalIds(users);
    private final AccountLinks links = new AccountLinks();

    Logins(Map<String, Object> config) {
        directory = new Directory(config);
        links.externalIds = externalIds;
        authenticator = new LdapAuthenticator(directory, links);
        authenticator.userAdmin = users;
    }

    AuthResult login(String name, String password) throws MatrixException {
        return authenticator.authenticate(new Credentials(LdapAuthenticator.PASSWORD, user(name), password, "127.0.0.1"));
    }

    /** What core does after an Accepted login: create the account (no local password). */
    UserId admit(AuthResult result) {
        UserId userId = ((AuthResult.Accepted) result).userId();
        if (users.account(userId).isEmpty()) {
            users.add(userId, null);
        }
        return userId;
    }

    /** Waits for the link the authenticator makes once core has created the account. */
    void awaitLink(UserId userId) {
        Await.until("the link of " + userId, Duration.ofSeconds(10),
                () -> externalIds.all(AccountLinks.PROVIDER).containsValue(userId));
    }

    static UserId user(String localpart) {
        return new UserId(localpart, SERVER);
    }

    @Override
    public void close() {
        links.stop();
        directory.close();
    }
}
