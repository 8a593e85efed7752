package org.hearth.api.event;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** How far each durable consumer has read the event stream (for admin APIs, metrics, tests). Provided by core. */
@ProviderType
public interface StreamStatus {
    /** The highest stream position stored. */
    long head();

    /** Every consumer with a stored cursor. */
    List<Cursor> cursors();

    /**
     * @param position the last acknowledged position
     * @param active   whether the consumer's service is registered now
     * @param failing  whether its last batch failed (it is being retried)
     */
    record Cursor(String name, long position, boolean active, boolean failing) {}
}
