package org.hearth.api.spi.storage;

import java.util.Map;
import java.util.OptionalLong;
import org.osgi.annotation.versioning.ConsumerType;

/** The cursors of the durable event stream's consumers: the last position each acknowledged. */
@ConsumerType
public interface StreamCursorStore {
    OptionalLong cursor(String consumer);

    /** Creates or moves the consumer's cursor. */
    void save(String consumer, long position);

    /** Every stored cursor: consumer name → position. */
    Map<String, Long> all();
}
