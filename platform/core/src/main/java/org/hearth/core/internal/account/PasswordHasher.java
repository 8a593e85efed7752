package org.hearth.core.internal.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.osgi.service.component.annotations.Component;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so the cost can rise later and old
 * hashes still verify with the parameters they carry.
 *
 * <p>Cost: 19 MiB, 2 passes, 1 lane: OWASP's minimum recommendation for Argon2id. At most one
 * hash per core runs at a time: more would only share the cores and multiply the memory, so a
 * burst of logins queues here instead of thrashing.
 */
@Component(service = PasswordHasher.class)
public final class PasswordHasher {
    /** Longest password accepted (Synapse's limit too): keeps the hashing input bounded. */
    public static final int MAX_PASSWORD_LENGTH = 512;
    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 16;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore cores = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    /**
     * Verified against when the user is unknown, so both cases take the same time: a hash of the
     * current parameters that no password gives (its bytes are zeros), so no start-up time goes
     * into computing one.
     */
    final String decoy = "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
            + "$" + B64.encodeToString(new byte[SALT_BYTES]) + "$" + B64.encodeToString(new byte[HASH_BYTES]);

    public String hash(String password) {
        return hash(password, MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    String hash(String password, int memoryKib, int iterations, int parallelism) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether the password matches; false for a hash this class cannot read. */
    public boolean verify(String password, String phc) {
        try {
            return verifyPhc(password, phc);
        } catch (IllegalArgumentException | IllegalStateException malformed) {
            return false;
        }
    }

    private boolean verifyPhc(String password, String phc) {
        String[] parts = phc == null ? new String[0] : phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            return false;
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String kv : parts[3].split(",")) {
            String[] pair = kv.split("=", 2);
            int value = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> {
                    return false;
                }
            }
        }
        if (m > MAX_MEMORY_KIB || t > MAX_ITERATIONS || p > MAX_PARALLELISM) {
            return false; // no stored string may make one login cost the server gigabytes
        }
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = derive(password, B64D.decode(parts[4]), m, t, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of a verification and answers false: for a user that does not exist. */
    public boolean verifyNothing(String password) {
        verify(password, decoy);
        return false;
    }

    private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        cores.acquireUninterruptibly();
        try {
            return argon2id(password, salt, memoryKib, iterations, parallelism, length);
        } finally {
            cores.release();
        }
    }

    private static byte[] argon2id(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
                                   int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
