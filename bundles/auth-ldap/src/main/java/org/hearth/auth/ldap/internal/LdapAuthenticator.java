package org.hearth.auth.ldap.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.AuthResult;
import org.hearth.api.auth.Authenticator;
import org.hearth.api.auth.Credentials;
import org.hearth.api.auth.ExternalId;
import org.hearth.api.auth.UserAccount;
import org.hearth.api.auth.UserAdmin;
import org.hearth.api.id.UserId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code m.login.password} against the directory: implements {@link Authenticator} (asked before
 * core's local passwords, ranking 0 against -1000).
 *
 * <ul>
 *   <li>An empty password is refused before anything is sent to the directory.</li>
 *   <li>An unknown name and a wrong password both end in 403 and take about as long (see
 *       {@link Directory#authenticate}).</li>
 *   <li>The Matrix localpart is {@code attributes.localpart}, lower-cased; the display name and
 *       email go back to core at every login, the admin flag when {@code admin_groups} is set.</li>
 *   <li>With {@code allow_local_fallback}, names the directory does not know, and accounts with
 *       a local password while the directory is down, are left to core's local passwords; other
 *       logins during an outage answer 503 {@code M_UNKNOWN} "directory unavailable".</li>
 *   <li>An account that has a local password is never taken over by a directory entry of the
 *       same name.</li>
 *   <li>Each verified login hands core the entry's stable ID (provider {@value #PROVIDER}):
 *       core links it to the account, in the transaction that creates the account at a first
 *       login, so the directory sync finds the account again.</li>
 * </ul>
 */
@Component(service = Authenticator.class)
public final class LdapAuthenticator implements Authenticator {
    static final String PASSWORD = "m.login.password";
    /** The provider of the external identities this bundle hands core. */
    static final String PROVIDER = "ldap";
    private static final Logger LOG = LoggerFactory.getLogger(LdapAuthenticator.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");

    private final Directory directory;
    /** Core's; absent only while core restarts. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile UserAdmin userAdmin;

    @Activate
    public LdapAuthenticator(@Reference Directory directory) {
        this.directory = directory;
    }

    @Override
    public Set<String> loginTypes() {
        return Set.of(PASSWORD);
    }

    @Override
    public AuthResult authenticate(Credentials credentials) throws MatrixException {
        if (!PASSWORD.equals(credentials.type())) {
            return AuthResult.notMine();
        }
        if (credentials.password() == null || credentials.password().isEmpty()) {
            return AuthResult.rejected();
        }
        LdapConfig config = directory.config();
        BindOutcome outcome;
        try {
            outcome = directory.authenticate(credentials.userId().localpart(), credentials.password());
        } catch (DirectoryUnavailableException e) {
            if (config.allowLocalFallback() && hasLocalPassword(credentials.userId())) {
                return AuthResult.notMine();
            }
            LOG.debug("LDAP login of {} answered 503: {}", credentials.userId(), e.getMessage());
            throw new MatrixException(503, "M_UNKNOWN", "directory unavailable");
        }
        if (outcome instanceof BindOutcome.Verified verified) {
            return admit(credentials, verified, config);
        }
        if (outcome instanceof BindOutcome.Unknown && config.allowLocalFallback()) {
            return AuthResult.notMine();
        }
        return AuthResult.rejected();
    }

    private AuthResult admit(Credentials credentials, BindOutcome.Verified verified, LdapConfig config) {
        DirectoryUser user = verified.user();
        if (user.disabled()) {
            return refuse(credentials, user, "the entry is disabled");
        }
        String localpart = user.localpart() == null ? null : user.localpart().toLowerCase(Locale.ROOT);
        if (!UserId.isValidNewLocalpart(localpart)) {
            LOG.warn("LDAP entry {}: {} \"{}\" is not a valid Matrix localpart (a-z 0-9 . _ = - / +)",
                    user.dn(), config.attributes().localpart(), user.localpart());
            return refuse(credentials, user, "no valid localpart");
        }
        UserId userId;
        try {
            userId = new UserId(localpart, credentials.userId().server());
        } catch (IllegalArgumentException tooLong) {
            return refuse(credentials, user, tooLong.getMessage());
        }
        if (!config.groups().allows(verified.groups())) {
            return refuse(credentials, user, "not in any of auth_ldap.required_groups");
        }
        Optional<UserAccount> account = account(userId);
        if (account.isPresent() && account.get().localPassword()) {
            LOG.warn("LDAP entry {} maps to {}, an account with a local password: left to the local password",
                    user.dn(), userId);
            return config.allowLocalFallback() ? AuthResult.notMine() : refuse(credentials, user, "local account");
        }
        Boolean admin = config.groups().admin(verified.groups());
        AUDIT.info("ldap login {} as {} from {} (entry {}{})", credentials.userId(), userId,
                credentials.remoteAddress(), user.dn(), admin == null ? "" : ", admin " + admin);
        return new AuthResult.Accepted(userId, user.displayName(), user.email(), admin, new ExternalId(PROVIDER, user.id()));
    }

    private static AuthResult refuse(Credentials credentials, DirectoryUser user, String reason) {
        AUDIT.info("ldap login {} from {} refused: {} (entry {})", credentials.userId(), credentials.remoteAddress(),
                reason, user.dn());
        return AuthResult.rejected();
    }

    private boolean hasLocalPassword(UserId userId) {
        return account(userId).map(UserAccount::localPassword).orElse(false);
    }

    private Optional<UserAccount> account(UserId userId) {
        UserAdmin admin = userAdmin;
        return admin == null ? Optional.empty() : admin.account(userId);
    }
}
