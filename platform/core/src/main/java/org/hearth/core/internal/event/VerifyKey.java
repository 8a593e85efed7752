package org.hearth.core.internal.event;

import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A public Ed25519 key under its key ID ({@code ed25519:<version>}), as a server publishes it in
 * {@code verify_keys} (Server-Server API, "Publishing Keys") and as signatures name it
 * (Appendices, "Signing Details").
 */
public final class VerifyKey {
    static final String ALGORITHM_PREFIX = "ed25519:";

    private final String keyId;
    private final Ed25519PublicKeyParameters publicKey;
    private final String publicKeyBase64;

    VerifyKey(String keyId, Ed25519PublicKeyParameters publicKey) {
        if (!keyId.startsWith(ALGORITHM_PREFIX)) {
            throw new IllegalArgumentException("not an ed25519 key ID: " + keyId);
        }
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.publicKeyBase64 = UnpaddedBase64.encode(publicKey.getEncoded());
    }

    /**
     * A key as published: its ID and its 32 bytes in unpadded Base64.
     *
     * @throws IllegalArgumentException if the ID is not {@code ed25519:…} or the key not 32 bytes of Base64
     */
    public static VerifyKey of(String keyId, String publicKeyBase64) {
        byte[] bytes = UnpaddedBase64.decode(publicKeyBase64);
        if (bytes.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an ed25519 public key has 32 bytes, not " + bytes.length);
        }
        return new VerifyKey(keyId, new Ed25519PublicKeyParameters(bytes));
    }

    public String keyId() {
        return keyId;
    }

    /** The key in unpadded Base64, as {@code verify_keys} carries it. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    /** Whether the signature is this key's over exactly these bytes. */
    public boolean verify(byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyKey k && k.keyId.equals(keyId) && k.publicKeyBase64.equals(publicKeyBase64);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, publicKeyBase64);
    }

    @Override
    public String toString() {
        return keyId + " " + publicKeyBase64;
    }
}
