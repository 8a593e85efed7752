package org.hearth.media.internal;

import java.util.function.IntSupplier;
import org.hearth.api.metrics.Gauge;

/** A figure of the media repository, read at each scrape. */
abstract class MediaGauge implements Gauge {
    private final String name;
    private final String help;
    private final IntSupplier value;

    MediaGauge(String name, String help, IntSupplier value) {
        this.name = name;
        this.help = help;
        this.value = value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public double value() {
        return value.getAsInt();
    }
}
