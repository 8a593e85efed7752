package org.hearth.media.internal;

import org.hearth.api.metrics.Gauge;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code hearth_media_remote_waiting}: requests waiting for media being fetched from other servers (several may share a fetch). */
@Component(service = Gauge.class)
public class RemoteWaitingGauge extends MediaGauge {
    @Activate
    public RemoteWaitingGauge(@Reference MediaRepository media) {
        super("hearth_media_remote_waiting", "Requests waiting for media being fetched from other servers",
                media::remoteWaiting);
    }
}
