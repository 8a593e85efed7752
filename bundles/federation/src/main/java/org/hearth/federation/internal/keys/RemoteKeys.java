package org.hearth.federation.internal.keys;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.Clock;
import org.hearth.api.federation.ServerIdentity;
import org.hearth.api.federation.ServerKeys;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.Signatures;
import org.hearth.federation.internal.store.KeyStore;

/**
 * {@link ServerKeys}: a key from the cache when it was valid at the instant asked; otherwise the
 * server is asked again (at most once per {@link #REFETCH_MS} per server, so a flood of requests
 * signed with unknown keys cannot turn into a flood of fetches).
 */
public final class RemoteKeys implements ServerKeys {
    static final long REFETCH_MS = 30_000;

    private final ServerIdentity identity;
    private final KeyStore store;
    private final KeyFetcher fetcher;
    private final Clock clock;
    private final Map<ServerName, Long> lastFetch = new ConcurrentHashMap<>();

    public RemoteKeys(ServerIdentity identity, KeyStore store, KeyFetcher fetcher, Clock clock) {
        this.identity = identity;
        this.store = store;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> publicKey(ServerName server, String keyId, long validAt) {
        if (server.equals(identity.name())) {
            return keyId.equals(identity.keyId()) ? Optional.of(identity.publicKey()) : Optional.empty();
        }
        Optional<byte[]> cached = cached(server, keyId, validAt);
        if (cached.isPresent()) {
            return cached;
        }
        long now = clock.millis();
        Long last = lastFetch.get(server);
        if (last != null && now - last < REFETCH_MS) {
            return Optional.empty();
        }
        lastFetch.put(server, now);
        fetcher.fetch(server, now);
        return cached(server, keyId, validAt);
    }

    private Optional<byte[]> cached(ServerName server, String keyId, long validAt) {
        return store.key(server, keyId).filter(k -> k.validAt(validAt))
                .flatMap(k -> Signatures.base64(k.verifyKey()));
    }
}
