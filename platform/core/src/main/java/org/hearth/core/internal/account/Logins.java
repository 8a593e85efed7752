package org.hearth.core.internal.account;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.Authenticator;
import org.hearth.api.auth.Credentials;
import org.hearth.api.auth.ExternalId;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.api.spi.storage.ExternalIdStore;
import org.hearth.core.internal.util.RankedServices;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
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
    private final ExternalIdStore externalIds;
    private final RankedServices<Authenticator> authenticators = new RankedServices<>();
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;


    @Activate
    public Logins(@Reference AccountStore accounts, @Reference UserAdminService admin,
                  @Reference ExternalIdStore externalIds) {
        this.accounts = accounts;
        this.admin = admin;
        this.externalIds = externalIds;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        authenticators.add(authenticator, properties);
    }

    void removeAuthenticator(Authenticator authenticator) {
        authenticators.remove(authenticator);
    }

    /** The login types some authenticator handles, for {@code GET /login}. */
    public Set<String> loginTypes() {
        Set<String> types = new TreeSet<>();
        authenticators.inOrder().forEach(a -> types.addAll(a.loginTypes()));
        return types;
    }

    /**
     * The account the credentials open, provisioned or updated from what the authenticator
     * said; 403 {@code M_FORBIDDEN} for wrong credentials or an unknown user (the same answer),
     * 403 {@code M_USER_DEACTIVATED} for a deactivated account, 401 {@code M_USER_LOCKED} for a locked one.
     */
    public UserId check(Credentials credentials) throws MatrixException {
        for (Authenticator authenticator : authenticators.inOrder()) {
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
            Account created = new Account(userId, null, accepted.displayName(), Boolean.TRUE.equals(accepted.admin()),
                    false, clock.millis());
            ExternalId id = accepted.externalId();
            // With its identity link in one transaction: a failed link leaves no account without it.
            boolean fresh = id == null ? accounts.create(created) : accounts.create(created, id.provider(), id.id());
            if (fresh) {
                AUDIT.info("Account {} created at first login through {}{}", userId, by.getClass().getSimpleName(),
                        id == null ? "" : ", linked to " + id.provider() + " identity " + id.id());
                return userId;
            }
            // Created by a concurrent login a moment ago: carry on as for an existing account.
            account = accounts.find(userId).orElseThrow(() -> MatrixException.forbidden("Invalid username or password"));
        }
        if (account.deactivated()) {
            throw new MatrixException(403, "M_USER_DEACTIVATED", "This account has been deactivated");
        }
        if (account.locked()) {
            throw Sessions.locked(); // spec "Account locking": no new access token until it is unlocked
        }
        if (accepted.displayName() != null && !accepted.displayName().equals(account.displayName())) {
            admin.setDisplayName(userId, accepted.displayName());
        }
        if (accepted.admin() != null && accepted.admin() != account.admin()) {
            admin.setAdmin(userId, accepted.admin(), "login through " + by.getClass().getSimpleName());
        }
        link(accepted, userId);
        return userId;
    }

    /** Links the identity the authenticator vouched for to the account, unless it already is. */
    private void link(AuthResult.Accepted accepted, UserId userId) {
        ExternalId id = accepted.externalId();
        if (id != null && !externalIds.find(id.provider(), id.id()).equals(Optional.of(userId))) {
            externalIds.link(id.provider(), id.id(), userId);
            AUDIT.info("{} linked to {} identity {}", userId, id.provider(), id.id());
        }
    }
}
