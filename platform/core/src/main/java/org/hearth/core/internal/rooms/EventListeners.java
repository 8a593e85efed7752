package org.hearth.core.internal.rooms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hearth.api.event.EventListener;
import org.hearth.api.event.RoomEvent;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link EventListener} of each stored event, each on a queue (a thread) of its own,
 * in stream order; a slow or failing listener never holds up the sender or the other listeners.
 */
@Component(service = EventListeners.class)
public class EventListeners {
    private static final Logger LOG = LoggerFactory.getLogger(EventListeners.class);
    private final Map<EventListener, ExecutorService> queues = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(EventListener listener) {
        queues.put(listener, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hearth-listener-" + listener.getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        }));
    }

    void removeListener(EventListener listener) {
        ExecutorService queue = queues.remove(listener);
        if (queue != null) {
            queue.shutdown();
        }
    }

    /** Queues the event for every listener; returns at once. */
    public void stored(RoomEvent event) {
        queues.forEach((listener, queue) -> queue.execute(() -> {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Event listener {} failed on {}", listener.getClass().getName(), event.eventId(), e);
            }
        }));
    }

    @Deactivate
    void stop() {
        queues.values().forEach(ExecutorService::shutdown);
    }
}
