package org.hearth.itest.externalids.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hearth.api.id.UserId;
import org.hearth.api.store.ExternalIdStore;
import org.osgi.service.component.annotations.Component;

/** {@link ExternalIdStore} in memory, for tests: the links last as long as the bundle. */
@Component
public class InMemoryExternalIds implements ExternalIdStore {
    private final Map<String, Map<String, UserId>> providers = new ConcurrentHashMap<>();

    private Map<String, UserId> of(String provider) {
        return providers.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
    }

    @Override
    public void link(String provider, String externalId, UserId userId) {
        of(provider).put(externalId, userId);
    }

    @Override
    public Optional<UserId> find(String provider, String externalId) {
        return Optional.ofNullable(of(provider).get(externalId));
    }

    @Override
    public Map<String, UserId> all(String provider) {
        return new HashMap<>(of(provider));
    }

    @Override
    public void unlink(String provider, String externalId) {
        of(provider).remove(externalId);
    }
}
