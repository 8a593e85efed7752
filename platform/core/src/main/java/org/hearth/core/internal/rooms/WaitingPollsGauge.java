package org.hearth.core.internal.rooms;

import org.hearth.api.metrics.Gauge;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code hearth_sync_waiting_polls}: the {@code /sync}, sliding sync and {@code /events} long polls parked now. */
@Component
public class WaitingPollsGauge implements Gauge {
    private final Notifier notifier;

    @Activate
    public WaitingPollsGauge(@Reference Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public String name() {
        return "hearth_sync_waiting_polls";
    }

    @Override
    public String help() {
        return "Sync long polls waiting for news";
    }

    @Override
    public double value() {
        return notifier.waiting();
    }
}
