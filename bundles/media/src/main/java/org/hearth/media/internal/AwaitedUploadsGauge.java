package org.hearth.media.internal;

import org.hearth.api.metrics.Gauge;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code hearth_media_awaited_uploads}: media IDs that downloads wait for ({@code timeout_ms}) now. */
@Component(service = Gauge.class)
public class AwaitedUploadsGauge extends MediaGauge {
    @Activate
    public AwaitedUploadsGauge(@Reference MediaRepository media) {
        super("hearth_media_awaited_uploads", "Media IDs reserved but not uploaded that downloads wait for",
                media::awaitedUploads);
    }
}
