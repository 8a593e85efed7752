package org.hearth.core.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Constants;

/**
 * Services of one kind held by a dynamic reference, in the order they are to be asked: highest
 * {@code service.ranking} first, then the earliest registered (lowest {@code service.id}), as the
 * OSGi whiteboard convention has it.
 */
public final class RankedServices<T> {
    private final List<Entry<T>> entries = new CopyOnWriteArrayList<>();

    private record Entry<T>(T service, int ranking, long id) {}

    public synchronized void add(T service, Map<String, Object> properties) {
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long id = properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
        List<Entry<T>> next = new ArrayList<>(entries);
        next.add(new Entry<>(service, ranking, id));
        next.sort((a, b) -> a.ranking() != b.ranking() ? Integer.compare(b.ranking(), a.ranking()) : Long.compare(a.id(), b.id()));
        entries.clear();
        entries.addAll(next);
    }

    public void remove(T service) {
        entries.removeIf(e -> e.service() == service);
    }

    /** A snapshot, in order. */
    public List<T> inOrder() {
        return entries.stream().map(Entry::service).toList();
    }
}
