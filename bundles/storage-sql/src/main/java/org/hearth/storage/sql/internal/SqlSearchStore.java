package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hearth.api.spi.storage.SearchStore;
import org.hearth.api.spi.storage.StoredEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link SearchStore} on the {@link Database}: {@code event_search} (see {@link SearchMapper}),
 * filled by {@link SqlEventStore} in the transaction that stores an event.
 */
@Component(service = SearchStore.class)
public final class SqlSearchStore implements SearchStore {
    private final Database database;

    @Activate
    public SqlSearchStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public List<Hit> search(Query query) {
        if (query.words().isEmpty() || query.limit() <= 0) {
            return List.of();
        }
        String match = match(query.words());
        List<SearchMapper.Match> matches = database.read("SearchStore.search", SearchMapper.class,
                m -> m.search(query, match));
        Map<Long, StoredEvent> events = new HashMap<>();
        for (List<SearchMapper.Match> chunk : Chunks.of(matches)) {
            List<Long> positions = chunk.stream().map(SearchMapper.Match::streamPosition).toList();
            database.read("SearchStore.events", SearchMapper.class, m -> m.events(positions))
                    .forEach(e -> events.put(e.streamPosition(), e));
        }
        List<Hit> hits = new ArrayList<>();
        for (SearchMapper.Match m : matches) {
            StoredEvent event = events.get(m.streamPosition());
            if (event != null) {
                hits.add(new Hit(event, m.rank()));
            }
        }
        return hits;
    }

    @Override
    public long count(Query query) {
        if (query.words().isEmpty()) {
            return 0;
        }
        String match = match(query.words());
        return database.read("SearchStore.count", SearchMapper.class, m -> m.count(query, match));
    }

    /**
     * All the words, as both dialects read them: {@code a & b} for PostgreSQL's
     * {@code to_tsquery}, {@code "a" "b"} for FTS5. The words hold letters and digits only, so
     * neither syntax can be injected; the dialect decides which one the statement uses.
     */
    private String match(List<String> words) {
        return database.dialect() == Dialect.POSTGRES
                ? String.join(" & ", words)
                : words.stream().map(w -> '"' + w + '"').collect(Collectors.joining(" "));
    }
}
