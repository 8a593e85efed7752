package org.hearth.federation.internal;

import java.util.function.Supplier;
import org.hearth.api.federation.FederationHost;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Core's {@link FederationHost}, looked up at its first use rather than as a reference of the
 * component: core's host reaches the event streams, which take this bundle's stream consumer, so
 * binding it while this component activates would be a cycle (Felix SCR reports it as "Circular
 * reference detected"). Tracked from the first use on, so it may come and go.
 */
final class CoreHost implements Supplier<FederationHost>, AutoCloseable {
    private final BundleContext context;
    private ServiceTracker<FederationHost, FederationHost> tracker;
    private boolean closed;

    CoreHost(BundleContext context) {
        this.context = context;
    }

    @Override
    public synchronized FederationHost get() {
        if (closed) {
            return null;
        }
        if (tracker == null) {
            tracker = new ServiceTracker<>(context, FederationHost.class, null);
            tracker.open();
        }
        return tracker.getService();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (tracker != null) {
            tracker.close();
        }
    }
}
