package org.hearth.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every event after it is durably stored, in stream order, on a queue of its own per
 * listener: a slow listener delays only itself, never the sender. A listener that throws is
 * logged and told of the next event.
 */
@ConsumerType
public interface EventListener {

    void onEvent(RoomEvent event);
}
