package org.hearth.api.spi.storage;

import java.util.Optional;
import org.hearth.api.id.UserId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * OpenID tokens (Client-Server API, "OpenID"): a user asks for one to prove their identity to a
 * third party, which checks it with {@code /_matrix/federation/v1/openid/userinfo}. Only the
 * token's SHA-256 hash is stored.
 */
@ConsumerType
public interface OpenIdTokenStore {

    /** Stores a token, valid until {@code expiresAt} (ms since the epoch). */
    void add(byte[] tokenHash, UserId userId, long expiresAt);

    /** The user a token was issued to, if it is known and not expired at {@code now}; deletes expired tokens. */
    Optional<UserId> userOf(byte[] tokenHash, long now);
}
