package org.hearth.core.internal.account;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.Authenticator;
import org.hearth.api.auth.Credentials;
import org.hearth.api.id.UserId;
import org.hearth.api.store.Account;
import org.hearth.api.store.AccountStore;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks credentials through the {@link Authenticator} services, highest ranking first, and
 * provisions the account an external authenticator vouches for.
 */
@Component(service = Logins.class)
public class Logins {
    public static final String PASSWORD = "m.login.password";
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");

    private final AccountStore accounts;
    private final UserAdminService admin;
    private final List<Ranked> authenticators = new CopyOnWriteArrayList<>();

    private record Ranked(Authenticator authenticator, int ranking, long id) {}

    @Activate
    public Logins(@Reference AccountStore accounts, @Reference UserAdminService admin) {
        this.accounts = accounts;
        this.admin = admin;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        authenticators.add(new Ranked(authenticator, ranking, (Long) properties.get(Constants.SERVICE_ID)));
        authenticators.sort((a, b) -> a.ranking() != b.ranking()
                ? Integer.compare(b.ranking(), a.ranking()) : Long.compare(a.id(), b.id()));
    }

    void removeAuthenticator(Authenticator authenticator) {
        authenticators.removeIf(r -> r.authenticator() == authenticator);
    }

    /** The login types some authenticator handles, for {@code GET /login}. */
    public Set<String> loginTypes() {
        Set<String> types = new TreeSet<>();
        authenticators.forEach(r -> types.addAll(r.authenticator().loginTypes()));
        return types;
    }

    /**
     * The account the credentials open, provisioned or updated from what the authenticator
     * said; 403 {@code M_FORBIDDEN} for wrong credentials or an unknown user (the same answer),
     * 403 {@code M_USER_DEACTIVATED} for a deactivated account.
     */
    public UserId check(Credentials credentials) throws MatrixException {
        for (Ranked ranked : authenticators) {
            Authenticator authenticator = ranked.authenticator();
            if (!authenticator.loginTypes().contains(credentials.type())) {
                continue;
            }
            AuthResult result = authenticator.authenticate(credentials);
            if (result instanceof AuthResult.Accepted accepted) {
                return admit(accepted, authenticator);
            }
            if (result instanceof AuthResult.Rejected) {
                break;
            }
        }
        AUDIT.info("Login refused for {} from {}", credentials.userId(), credentials.remoteAddress());
        throw MatrixException.forbidden("Invalid username or password");
    }

    private UserId admit(AuthResult.Accepted accepted, Authenticator by) throws MatrixException {
        UserId userId = accepted.userId();
        Account account = accounts.find(userId).orElse(null);
        if (account == null) {
            accounts.create(new Account(userId, null, accepted.displayName(), Boolean.TRUE.equals(accepted.admin()), false,
                    System.currentTimeMillis()));
            AUDIT.info("Account {} created at first login through {}", userId, by.getClass().getSimpleName());
            return userId;
        }
        if (account.deactivated()) {
            throw new MatrixException(403, "M_USER_DEACTIVATED", "This account has been deactivated");
        }
        if (accepted.displayName() != null && !accepted.displayName().equals(account.displayName())) {
            admin.setDisplayName(userId, accepted.displayName());
        }
        if (accepted.admin() != null && accepted.admin() != account.admin()) {
            admin.setAdmin(userId, accepted.admin(), "login through " + by.getClass().getSimpleName());
        }
        return userId;
    }
}
