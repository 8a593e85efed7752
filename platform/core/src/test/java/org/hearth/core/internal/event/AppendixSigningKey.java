package org.hearth.core.internal.event;

/**
 * The key of Appendices, "Cryptographic Test Vectors" → "Signing Key": every signing vector
 * uses this seed, server name {@code domain} and key ID {@code ed25519:1}.
 */
final class AppendixSigningKey {
    static final String SEED = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
    static final String SERVER_NAME = "domain";
    static final SigningKey KEY = SigningKey.fromSeed("ed25519:1", UnpaddedBase64.decode(SEED));

    private AppendixSigningKey() {
    }
}
