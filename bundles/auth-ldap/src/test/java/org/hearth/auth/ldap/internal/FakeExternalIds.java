package org.hearth.auth.ldap.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.id.UserId;
import org.hearth.api.store.ExternalIdStore;

/** Storage's external ID links, in memory. */
final class FakeExternalIds implements ExternalIdStore {
    final Map<String, UserId> links = new ConcurrentHashMap<>();

    @Override
    public void link(String provider, String externalId, UserId userId) {
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
