package org.hearth.api.event;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A durable consumer of the room event stream: every event this server stores (sent by local
 * users or received from other servers), in the server's global stream order, in batches.
 * Register it as a service with the {@link StreamConsumer} properties; its name keys the cursor.
 *
 * <p>Delivery: core keeps one cursor per consumer name in the database and moves it past a batch
 * only when {@link #accept} returns. After a crash, a restart or a redeploy of the consumer's
 * bundle, delivery resumes after the last acknowledged batch: nothing is missed and positions
 * only grow. Only a crash between the end of {@code accept} and the stored acknowledgement can
 * deliver a batch again (core stores acknowledgements at most half a second apart, and when the
 * consumer stops, so that is what was acknowledged in the last half second); a consumer whose effect must happen once remembers the last
 * {@link RoomEvent#streamPosition()} it acted on and skips what is not beyond it.
 *
 * <p>A consumer that throws gets the same batch again after a back-off (1 s doubling to 60 s).
 * Each consumer runs on a thread of its own and reads the stream from the database at its own
 * pace, so a slow one delays only itself and memory does not grow with its lag.
 */
@ConsumerType
public interface EventStreamConsumer {
    /**
     * Handles events in stream order; returning acknowledges them.
     *
     * @param batch one or more events, positions strictly increasing, at most
     *              {@link StreamConsumer#batchSize()}
     */
    void accept(List<RoomEvent> batch) throws Exception;
}
