package org.hearth.storage.sql.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.hearth.api.spi.storage.RelationStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link RelationStore} on the {@link Database}; rows are written by {@link SqlEventStore#write}. */
@Component(service = RelationStore.class)
public final class SqlRelationStore implements RelationStore {
    private final Database database;

    @Activate
    public SqlRelationStore(@Reference Database database) {
        this.database = database;
    }

    @Override
    public List<Relation> children(Collection<String> parentIds, Collection<String> relTypes, String eventType,
                                   long after, long upTo, int limit, boolean newestFirst) {
        if (parentIds.isEmpty() || limit <= 0) {
            return List.of();
        }
        List<Relation> out = new ArrayList<>();
        for (List<String> chunk : Chunks.of(List.copyOf(parentIds))) {
            out.addAll(database.read("RelationStore.children", RelationMapper.class,
                    m -> m.children(chunk, List.copyOf(relTypes), eventType, after, upTo, limit, newestFirst)));
        }
        if (out.size() > limit || parentIds.size() > Chunks.SIZE) {
            Comparator<Relation> order = Comparator.comparingLong(Relation::streamPosition);
            out.sort(newestFirst ? order.reversed() : order);
            return List.copyOf(out.subList(0, Math.min(limit, out.size())));
        }
        return out;
    }

    @Override
    public List<ThreadRoot> threads(String roomId, long before, String participant, int limit) {
        return database.read("RelationStore.threads", RelationMapper.class,
                m -> m.threads(roomId, before, participant, limit));
    }
}
