package org.hearth.media.internal;

import org.hearth.api.metrics.Gauge;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code hearth_media_awaited_uploads}: media IDs that downloads wait for ({@code timeout_ms}) now. */
@Component
public class AwaitedUploadsGauge implements Gauge {
    private final MediaRepository media;

    @Activate
    public AwaitedUploadsGauge(@Reference MediaRepository media) {
        this.media = media;
    }

    @Override
    public String name() {
        return "hearth_media_awaited_uploads";
    }

    @Override
    public String help() {
        return "Media IDs reserved but not uploaded that downloads wait for";
    }

    @Override
    public double value() {
        return media.awaitedUploads();
    }
}
