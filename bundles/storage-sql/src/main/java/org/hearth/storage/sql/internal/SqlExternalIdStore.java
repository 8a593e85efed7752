package org.hearth.storage.sql.internal;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ExternalIdStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link ExternalIdStore} on the {@link Database}. A link names an existing account (foreign
 * key): linking an unknown user ID fails with a {@link org.hearth.api.spi.storage.StoreException}.
 */
@Component(service = ExternalIdStore.class)
public final class SqlExternalIdStore implements ExternalIdStore {
    private final Database database;

    @Activate
    public SqlExternalIdStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public void link(String provider, String externalId, UserId userId) {
        long now = System.currentTimeMillis();
        database.write("ExternalIdStore.link", ExternalIdMapper.class, m -> m.upsert(provider, externalId, userId, now));
    }

    @Override
    public Optional<UserId> find(String provider, String externalId) {
        return database.read("ExternalIdStore.find", ExternalIdMapper.class, m -> m.find(provider, externalId));
    }

    @Override
    public Map<String, UserId> all(String provider) {
        return database.read("ExternalIdStore.all", ExternalIdMapper.class, m -> m.links(provider)).stream()
                .collect(Collectors.toUnmodifiableMap(ExternalIdMapper.Link::externalId, ExternalIdMapper.Link::userId));
    }

    @Override
    public void unlink(String provider, String externalId) {
        database.write("ExternalIdStore.unlink", ExternalIdMapper.class, m -> m.delete(provider, externalId));
    }
}
