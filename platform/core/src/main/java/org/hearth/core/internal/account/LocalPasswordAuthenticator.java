package org.hearth.core.internal.account;

import java.util.Optional;
import java.util.Set;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.Authenticator;
import org.hearth.api.auth.Credentials;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code m.login.password} against the password hash stored with the account. Asked last
 * (ranking -1000), after authenticators such as LDAP.
 */
@Component(property = "service.ranking:Integer=-1000")
public class LocalPasswordAuthenticator implements Authenticator {
    private final AccountStore accounts;
    private final PasswordHasher hasher;

    @Activate
    public LocalPasswordAuthenticator(@Reference AccountStore accounts, @Reference PasswordHasher hasher) {
        this.accounts = accounts;
        this.hasher = hasher;
    }

    @Override
    public Set<String> loginTypes() {
        return Set.of(Logins.PASSWORD);
    }

    @Override
    public AuthResult authenticate(Credentials credentials) {
        Optional<Account> account = accounts.find(credentials.userId());
        String hash = account.map(Account::passwordHash).orElse(null);
        if (hash == null) {
            hasher.verifyNothing(credentials.password()); // same time as a wrong password
            return AuthResult.notMine();
        }
        return hasher.verify(credentials.password(), hash)
                ? AuthResult.accepted(credentials.userId())
                : AuthResult.rejected();
    }
}
