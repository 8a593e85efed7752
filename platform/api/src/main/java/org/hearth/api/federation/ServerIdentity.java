package org.hearth.api.federation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hearth.api.id.ServerName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This server's name and signing key, which also signs every event it creates; the key stays in
 * core ({@code data_dir/signing.key}, one line {@code ed25519 <version> <seed>} as Synapse writes
 * it). Provided by core.
 */
@ProviderType
public interface ServerIdentity {
    ServerName name();

    /** The current key's ID, such as {@code ed25519:a_AbCd}. */
    String keyId();

    /** The current key's Ed25519 public key, 32 bytes. */
    byte[] publicKey();

    /**
     * Signs the object as "Signing JSON" says: its canonical form without {@code signatures} and
     * {@code unsigned}, the signature added under {@code signatures.<server name>.<key ID>}.
     * Returns the same object.
     */
    ObjectNode sign(ObjectNode object);
}
