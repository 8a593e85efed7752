package org.hearth.storage.sql.internal;

import java.util.List;
import java.util.Locale;
import org.hearth.api.id.UserId;
import org.hearth.api.spi.storage.UserDirectoryStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link UserDirectoryStore} on the {@link Database}: one query over the current state and the accounts. */
@Component(service = UserDirectoryStore.class)
public final class SqlUserDirectoryStore implements UserDirectoryStore {
    private final Database database;

    @Activate
    public SqlUserDirectoryStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public List<Entry> search(UserId searcher, String term, int limit) {
        String escaped = term.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return database.read("UserDirectoryStore.search", UserDirectoryMapper.class,
                m -> m.search(searcher, ":" + searcher.server().value(), "%" + escaped + "%", limit));
    }
}
