package org.hearth.core.internal.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.auth.SharedSecretMac;
import org.hearth.core.internal.server.LocalServer;
import org.hearth.core.internal.util.PrivateFiles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared-secret registration, compatible with Synapse's {@code /_synapse/admin/v1/register}:
 * a single-use nonce, then the {@link SharedSecretMac} of the request.
 *
 * <p>The secret is {@code registration.shared_secret}; when that is unset, a random one is
 * generated once into {@code <data_dir>/registration_shared_secret} (readable by the server's
 * user only), which {@code bin/hearth register-user} reads.
 */
@Component(service = SharedSecretRegistration.class, configurationPid = "hearth.registration",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class SharedSecretRegistration {
    public static final String SECRET_FILE = "registration_shared_secret";
    private static final Logger LOG = LoggerFactory.getLogger(SharedSecretRegistration.class);
    private static final long NONCE_LIFETIME_MS = 60_000;

    private final byte[] secret;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    /** Greedy: a clock of higher ranking (a test's) takes over at once. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;


    @Activate
    public SharedSecretRegistration(@Reference LocalServer server, RegistrationConfig config) throws IOException {
        String configured = config.shared__secret();
        secret = (configured != null ? configured : fromFile(server.dataDir().resolve(SECRET_FILE)))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String fromFile(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String generated = Tokens.random(32);
        PrivateFiles.create(file, generated + "\n");
        LOG.info("Generated a registration shared secret in {}", file);
        return generated;
    }

    public String newNonce() {
        long now = clock.millis();
        nonces.values().removeIf(created -> now - created > NONCE_LIFETIME_MS);
        String nonce = Tokens.random(24);
        nonces.put(nonce, now);
        return nonce;
    }

    /** Spends the nonce and checks the MAC; 400 for an unknown nonce, 403 for a wrong MAC. */
    public void check(String nonce, String username, String password, boolean admin, String mac)
            throws MatrixException {
        Long created = nonce == null ? null : nonces.remove(nonce);
        if (created == null || clock.millis() - created > NONCE_LIFETIME_MS) {
            throw new MatrixException(400, "M_UNKNOWN", "Unrecognised nonce");
        }
        byte[] expected = SharedSecretMac.compute(secret, nonce, username, password, admin);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(mac == null ? "" : mac);
        } catch (IllegalArgumentException e) {
            throw MatrixException.forbidden("HMAC incorrect");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw MatrixException.forbidden("HMAC incorrect");
        }
    }
}
