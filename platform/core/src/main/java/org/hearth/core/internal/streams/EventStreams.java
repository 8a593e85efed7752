package org.hearth.core.internal.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hearth.api.event.EventStreamConsumer;
import org.hearth.api.event.StreamConsumer;
import org.hearth.api.event.StreamStatus;
import org.hearth.api.spi.storage.EventStore;
import org.hearth.api.spi.storage.StreamCursorStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the durable event stream to every {@link EventStreamConsumer} service: one
 * {@link ConsumerRun} (a thread) per consumer, reading the stream from the database after the
 * consumer's stored cursor. Writers call {@link #stored} after each commit so that idle consumers
 * look again at once; consumers also look every second on their own, so events stored by
 * another path (or, later, another node) are never left waiting.
 *
 * <p>Several nodes: the cursor table is the shared truth; what will change is who runs a consumer
 * (one node at a time, under a lease) and where the wake-up comes from (a broker). The interface
 * of this class and of the consumers stays.
 */
@Component(service = {EventStreams.class, StreamStatus.class})
public class EventStreams implements StreamStatus {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);

    // Read by the consumers' threads, which start only once the component is active.
    @Reference
    EventStore events;
    @Reference
    StreamCursorStore cursors;
    private final Map<String, ConsumerRun> runs = new ConcurrentHashMap<>();
    /** The highest position {@link #stored} was told of. */
    private final AtomicLong announced = new AtomicLong();
    private volatile boolean active;

    @Activate
    void start() {
        active = true;
        runs.values().forEach(ConsumerRun::start);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addConsumer(EventStreamConsumer consumer, Map<String, Object> properties) {
        Object name = properties.get(StreamConsumer.NAME);
        if (!(name instanceof String n) || n.isBlank()) {
            LOG.warn("Ignoring event stream consumer {} without a {} property", consumer.getClass().getName(),
                    StreamConsumer.NAME);
            return;
        }
        int batchSize = properties.get(StreamConsumer.BATCH_SIZE) instanceof Integer b ? Math.max(1, b) : 100;
        boolean fromBeginning = "beginning".equals(properties.get(StreamConsumer.START_AT));
        int lingerMs = properties.get(StreamConsumer.LINGER_MS) instanceof Integer l ? Math.max(0, Math.min(l, 1_000)) : 0;
        ConsumerRun run = new ConsumerRun(n, consumer, batchSize, fromBeginning, lingerMs, this);
        if (runs.putIfAbsent(n, run) != null) {
            LOG.warn("Ignoring a second event stream consumer named {} ({})", n, consumer.getClass().getName());
            return;
        }
        if (active) {
            run.start();
        }
    }

    void removeConsumer(EventStreamConsumer consumer, Map<String, Object> properties) {
        Object name = properties.get(StreamConsumer.NAME);
        ConsumerRun run = name == null ? null : runs.get(name);
        if (run != null && run.consumer() == consumer) {
            runs.remove(name);
            run.stop(); // returns once the consumer is no longer called
        }
    }

    /** An event was committed at this position: consumers waiting for news look now. */
    public void stored(long position) {
        announced.accumulateAndGet(position, Math::max); // before the wake: a woken consumer reads past it
        runs.values().forEach(ConsumerRun::wake);
    }

    /** The highest position a writer said it committed since the start (0 before any). */
    long announced() {
        return announced.get();
    }

    @Deactivate
    void stop() {
        active = false;
        runs.values().forEach(ConsumerRun::stop);
    }

    @Override
    public long head() {
        return events.currentStreamPosition();
    }

    @Override
    public List<Cursor> cursors() {
        List<Cursor> out = new ArrayList<>();
        cursors.all().forEach((name, position) -> {
            ConsumerRun run = runs.get(name);
            // a running consumer's cursor may be ahead of the stored one (stored at most every half second)
            long at = run == null ? position : Math.max(position, run.acknowledged());
            out.add(new Cursor(name, at, run != null, run != null && run.failing()));
        });
        return out;
    }
}
