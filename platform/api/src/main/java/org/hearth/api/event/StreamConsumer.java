package org.hearth.api.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties of an {@link EventStreamConsumer}: {@code hearth.stream.name},
 * {@code hearth.stream.batchSize} and {@code hearth.stream.startAt}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StreamConsumer {
    String PREFIX_ = "hearth.stream.";
    String NAME = "hearth.stream.name";
    String BATCH_SIZE = "hearth.stream.batchSize";
    String START_AT = "hearth.stream.startAt";
    String LINGER_MS = "hearth.stream.lingerMs";

    /**
     * The durable name of the consumer, such as {@code federation-sender}: its cursor is stored
     * under it. Two services with one name are a mistake; the second is ignored with a warning.
     */
    String name();

    /** At most this many events per batch. */
    int batchSize() default 100;

    /** Where a consumer seen for the first time starts: {@code now} (the next event) or {@code beginning}. */
    String startAt() default "now";

    /**
     * How long, woken by a new event or after a batch during which more came, the consumer lets
     * more gather before it reads the stream: the events stored meanwhile come in the same batch,
     * one read of the database for all (a full batch is followed by the next at once). For
     * consumers whose effect may wait that long (push notifications); 0 reads at once. At most 1,000.
     */
    int lingerMs() default 0;
}
