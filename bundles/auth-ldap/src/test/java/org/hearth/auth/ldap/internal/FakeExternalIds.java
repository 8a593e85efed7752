package org.hearth.auth.ldap.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.id.UserId;
import org.hearth.api.store.ExternalIdStore;
import org.hearth.api.store.StoreException;

/** Storage's external ID links, in memory; like storage, a link needs an existing account. */
final class FakeExternalIds implements ExternalIdStore {
    final Map<String, UserId> links = new ConcurrentHashMap<>();
    private final FakeUserAdmin accounts;

    FakeExternalIds(FakeUserAdmin accounts) {
        this.accounts = accounts;
    }

    @Override
    public void link(String provider, String externalId, UserId userId) {
        if (accounts.account(userId).isEmpty()) {
            throw new StoreException("no account " + userId, null);
        }
        links.put(provider + "|" + externalId, userId);
    }

    @Override
    public Optional<UserId> find(String provider, String externalId) {
        return Optional.ofNullable(links.get(provider + "|" + externalId));
    }

    @Override
    public Map<String, UserId> all(String provider) {
        Map<String, UserId> out = new HashMap<>();
        links.forEach((key, user) -> {
            if (key.startsWith(provider + "|")) {
                out.put(key.substring(provider.length() + 1), user);
            }
        });
        return out;
    }

    @Override
    public void unlink(String provider, String externalId) {
        links.remove(provider + "|" + externalId);
    }
}
