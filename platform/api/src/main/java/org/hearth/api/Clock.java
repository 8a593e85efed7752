package org.hearth.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The time, as a service: core registers the system clock; a test bundle may register one of
 * higher {@code service.ranking} to move time on instead of waiting for it (token expiry,
 * typing timeouts, rate limits). Code that needs the time takes this service, never
 * {@link System#currentTimeMillis()} directly.
 */
@ConsumerType
public interface Clock {
    /** Milliseconds since the epoch. */
    long millis();
}
