package org.hearth.storage.sql.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.hearth.api.spi.storage.StreamCursorStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link StreamCursorStore} on the {@link Database}. */
@Component(service = StreamCursorStore.class)
public final class SqlStreamCursorStore implements StreamCursorStore {
    private final Database database;

    @Activate
    public SqlStreamCursorStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public OptionalLong cursor(String consumer) {
        return database.read("StreamCursorStore.cursor", StreamCursorMapper.class, m -> m.find(consumer))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void save(String consumer, long position) {
        long now = System.currentTimeMillis();
        database.write("StreamCursorStore.save", StreamCursorMapper.class, m -> m.upsert(consumer, position, now));
    }

    @Override
    public Map<String, Long> all() {
        Map<String, Long> out = new LinkedHashMap<>();
        database.read("StreamCursorStore.all", StreamCursorMapper.class, StreamCursorMapper::all)
                .forEach(c -> out.put(c.consumer(), c.position()));
        return out;
    }
}
