package org.hearth.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One figure that goes up and down (a Prometheus gauge), read at each scrape of
 * {@code /_hearth/metrics}. Registered as a service; the metric disappears with the service.
 */
@ConsumerType
public interface Gauge {
    /** The metric name: {@code hearth_} then lower case words joined by {@code _}; unique. */
    String name();

    /** One line saying what is counted. */
    String help();

    /** The value now; cheap, called on the scraping thread. */
    double value();
}
