package org.hearth.core.internal.event;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A server's Ed25519 signing key: a 32-byte seed under a key ID {@code ed25519:<version>}
 * (Appendices, "Signing Details"; the version matches {@code [a-zA-Z0-9_]+}, Server-Server API,
 * "Publishing Keys"). Signatures are Ed25519 as NaCl implements it, which Bouncy Castle's
 * {@link Ed25519Signer} matches.
 *
 * <p>{@link #toString()} never shows the seed.
 */
public final class SigningKey {
    private static final Pattern KEY_ID = Pattern.compile("ed25519:[a-zA-Z0-9_]+");
    private static final String VERSION_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Ed25519PrivateKeyParameters privateKey;
    private final VerifyKey verifyKey;

    private SigningKey(String keyId, Ed25519PrivateKeyParameters privateKey) {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("a signing key ID is ed25519:[a-zA-Z0-9_]+, not " + keyId);
        }
        this.privateKey = privateKey;
        this.verifyKey = new VerifyKey(keyId, privateKey.generatePublicKey());
    }

    /**
     * The key grown from a 32-byte seed, as stored.
     *
     * @throws IllegalArgumentException if the key ID or the seed length is wrong
     */
    public static SigningKey fromSeed(String keyId, byte[] seed) {
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an ed25519 seed has 32 bytes, not " + seed.length);
        }
        return new SigningKey(keyId, new Ed25519PrivateKeyParameters(seed));
    }

    /** A new key with a random key ID of the form {@code ed25519:a_XXXX}. */
    public static SigningKey generate(SecureRandom random) {
        StringBuilder keyId = new StringBuilder("ed25519:a_");
        for (int i = 0; i < 4; i++) {
            keyId.append(VERSION_ALPHABET.charAt(random.nextInt(VERSION_ALPHABET.length())));
        }
        return new SigningKey(keyId.toString(), new Ed25519PrivateKeyParameters(random));
    }

    public String keyId() {
        return verifyKey.keyId();
    }

    /** A copy of the seed, to store the key. */
    public byte[] seed() {
        return privateKey.getEncoded();
    }

    /** The public half, under the same key ID. */
    public VerifyKey verifyKey() {
        return verifyKey;
    }

    /** The 64-byte Ed25519 signature of these bytes. */
    public byte[] sign(byte[] message) {
        // Straight to the key, not through an Ed25519Signer, which would buffer a copy of the message.
        byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
        privateKey.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
        return signature;
    }

    @Override
    public String toString() {
        return "SigningKey " + keyId();
    }
}
