package org.hearth.core.internal.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.Account;
import org.hearth.api.spi.storage.AccountStore;
import org.hearth.core.internal.server.LocalServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating accounts: the {@code registration:} section ({@code enabled}, {@code tokens}) and the
 * rules every new account follows, whichever endpoint creates it.
 */
@Component(service = Registrar.class, configurationPid = "hearth.registration",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RegistrationConfig.class)
public class Registrar {
    private static final Logger AUDIT = LoggerFactory.getLogger("hearth.audit");

    private final AccountStore accounts;
    private final LocalServer server;
    private final PasswordHasher hasher;
    private final boolean enabled;
    private final boolean guestAccess;
    private final List<String> tokens;
    private final SecureRandom random = new SecureRandom();
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;


    @Activate
    public Registrar(@Reference AccountStore accounts, @Reference LocalServer server,
                     @Reference PasswordHasher hasher, RegistrationConfig config) {
        this.accounts = accounts;
        this.server = server;
        this.hasher = hasher;
        this.enabled = config.enabled();
        this.guestAccess = config.guest__access();
        this.tokens = List.of(config.tokens());
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether guests may register ({@code registration.guest_access}). */
    public boolean guestAccess() {
        return guestAccess;
    }

    /** The UIA flows of {@code /register}: a registration token when tokens are configured. */
    public List<List<String>> flows() {
        return tokens.isEmpty()
                ? List.of(List.of(UserInteractiveAuth.DUMMY))
                : List.of(List.of(UserInteractiveAuth.REGISTRATION_TOKEN));
    }

    public boolean validToken(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean valid = false;
        for (String t : tokens) {
            valid |= MessageDigest.isEqual(given, t.getBytes(StandardCharsets.UTF_8));
        }
        return valid;
    }

    /**
     * The user ID a new account with this localpart would get: 400 {@code M_INVALID_USERNAME}
     * when the localpart breaks the grammar for new accounts, {@code M_USER_IN_USE} when taken.
     */
    public UserId available(String requested) throws MatrixException {
        String localpart = lowerCase(requested);
        if (!UserId.isValidNewLocalpart(localpart)) {
            throw new MatrixException(400, "M_INVALID_USERNAME",
                    "User IDs may only contain a-z, 0-9, and the characters . _ = - / +");
        }
        UserId userId = server.user(localpart)
                .orElseThrow(() -> new MatrixException(400, "M_INVALID_USERNAME", "User ID is too long"));
        if (accounts.find(userId).isPresent()) {
            throw new MatrixException(400, "M_USER_IN_USE", "User ID already taken");
        }
        return userId;
    }

    /**
     * Creates the account; {@code localpart} null picks a free numeric one. The display name
     * defaults to the localpart, as other homeservers do.
     */
    public UserId create(String localpart, String password, String displayName, boolean admin, String via)
            throws MatrixException {
        return create(localpart, password, displayName, admin, false, via);
    }

    /** A guest's account ("Guest Access"): a free numeric localpart, no password. */
    public UserId createGuest(String via) throws MatrixException {
        return create(null, null, null, false, true, via);
    }

    /**
     * Makes a guest's account a full one with a password ("Guest Access": the guest registers
     * with {@code guest_access_token}); 400 {@code M_USER_IN_USE} when it is not a guest's any more.
     */
    public void upgradeGuest(UserId guest, String password) throws MatrixException {
        checkPassword(password);
        if (!accounts.upgradeGuest(guest, password == null ? null : hasher.hash(password))) {
            throw new MatrixException(400, "M_USER_IN_USE", "User ID already taken");
        }
        AUDIT.info("Guest account {} upgraded to a full account", guest);
    }

    private static void checkPassword(String password) throws MatrixException {
        if (password != null && password.length() > PasswordHasher.MAX_PASSWORD_LENGTH) {
            throw new MatrixException(400, "M_BAD_JSON", "Password is longer than " + PasswordHasher.MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private UserId create(String localpart, String password, String displayName, boolean admin, boolean guest,
                          String via) throws MatrixException {
        checkPassword(password);
        String hash = password == null ? null : hasher.hash(password);
        for (int attempt = 0; attempt < 10; attempt++) {
            String name = localpart != null ? lowerCase(localpart)
                    : Long.toString(100_000 + (random.nextLong() & 0xFFFFFFFFL));
            UserId userId = available(name);
            Account account = new Account(userId, hash, displayName != null ? displayName : name, admin, false,
                    clock.millis(), guest);
            if (accounts.create(account)) {
                AUDIT.info("Account {} registered{} via {}", userId, admin ? " as admin" : guest ? " as guest" : "", via);
                return userId;
            }
            if (localpart != null) {
                break; // taken between the check and the insert
            }
        }
        throw new MatrixException(400, "M_USER_IN_USE", "User ID already taken");
    }

    /**
     * New user names are lower case: capitals a client sends are lowered (as Synapse does, and
     * SyTest expects), so that {@code Alice} and {@code alice} cannot be two accounts.
     */
    private static String lowerCase(String localpart) {
        return localpart.toLowerCase(Locale.ROOT);
    }
}
