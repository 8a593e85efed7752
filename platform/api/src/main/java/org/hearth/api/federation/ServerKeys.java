package org.hearth.api.federation;

import java.util.Optional;
import org.hearth.api.id.ServerName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Other servers' signing keys, fetched and cached by the federation bundle (Server-Server API,
 * "Retrieving server keys"), so core can check the signatures of events and of signed JSON.
 */
@ProviderType
public interface ServerKeys {
    /**
     * The Ed25519 public key (32 bytes) {@code keyId} of the server, if it was valid at
     * {@code validAt} (ms since the epoch; the key's {@code valid_until_ts}, or its
     * {@code expired_ts} for an old key, must not be before it); empty when it cannot be found.
     */
    Optional<byte[]> publicKey(ServerName server, String keyId, long validAt);
}
