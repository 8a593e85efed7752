package org.hearth.storage.sql.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.ProfileStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link ProfileStore} on the {@link Database}: one row of {@code profile_fields} per field. */
@Component(service = ProfileStore.class)
public final class SqlProfileStore implements ProfileStore {
    private final Database database;

    @Activate
    public SqlProfileStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Map<String, String> fields(UserId userId) {
        Map<String, String> fields = new LinkedHashMap<>();
        database.read("ProfileStore.fields", ProfileMapper.class, m -> m.fields(userId))
                .forEach(f -> fields.put(f.name(), f.value()));
        return fields;
    }

    @Override
    public void setField(UserId userId, String field, String valueJson) {
        database.write("ProfileStore.setField", ProfileMapper.class, m -> m.setField(userId, field, valueJson));
    }

    @Override
    public void removeField(UserId userId, String field) {
        database.write("ProfileStore.removeField", ProfileMapper.class, m -> m.removeField(userId, field));
    }
}
