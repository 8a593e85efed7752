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
 * signed with unknown keys cannot turn into a flood of fetches). Lookups while a fetch from the
 * same server is under way wait for its answer instead of finding the key unknown. A key the
 * server does not give (it is unreachable, or no longer publishes an old key) is asked of the
 * trusted notaries.
 */
public final class RemoteKeys implements ServerKeys {
    static final long REFETCH_MS = 30_000;
    /** How long a lookup waits for another thread's fetch from the same server (a request's connect and read timeouts). */
    static final long FETCH_WAIT_MS = 70_000;

    private final ServerIdentity identity;
    private final KeyStore store;
    private final KeyFetcher fetcher;
    private final NotaryKeys notaries;
    private final Clock clock;
    private final Map<ServerName, Long> lastFetch = new ConcurrentHashMap<>();
    private final FetchInFlight<ServerName> fetching = new FetchInFlight<>(FETCH_WAIT_MS);

    public RemoteKeys(ServerIdentity identity, KeyStore store, KeyFetcher fetcher, NotaryKeys notaries, Clock clock) {
        this.identity = identity;
        this.store = store;
        this.fetcher = fetcher;
        this.notaries = notaries;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> publicKey(ServerName server, String keyId, long validAt) {
        return lookup(server, keyId, validAt, true);
    }

    /** @param viaNotaries false for a notary's own key: a notary's word is never taken for another's */
    private Optional<byte[]> lookup(ServerName server, String keyId, long validAt, boolean viaNotaries) {
        if (server.equals(identity.name())) {
            return keyId.equals(identity.keyId()) ? Optional.of(identity.publicKey()) : Optional.empty();
        }
        Optional<byte[]> cached = cached(server, keyId, validAt);
        if (cached.isPresent()) {
            return cached;
        }
        // A lookup while another thread asks the same server (a join's events are checked while a
        // transaction from that server is) waits for that answer instead of finding the key unknown.
        fetching.runOrAwait(server, () -> {
            long now = clock.millis();
            Long last = lastFetch.get(server);
            if (last == null || now - last >= REFETCH_MS) {
                lastFetch.put(server, now);
                fetcher.fetch(server, now);
                if (viaNotaries && cached(server, keyId, validAt).isEmpty()) {
                    notaries.fetch(server, validAt, now, (notary, id, at) -> lookup(notary, id, at, false));
                }
            }
        });
        return cached(server, keyId, validAt);
    }

    private Optional<byte[]> cached(ServerName server, String keyId, long validAt) {
        return store.key(server, keyId).filter(k -> k.validAt(validAt))
                .flatMap(k -> Signatures.base64(k.verifyKey()));
    }
}
