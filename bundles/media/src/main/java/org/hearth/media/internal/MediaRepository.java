package org.hearth.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.Clock;
import org.hearth.api.HomeServer;
import org.hearth.api.config.ConfigException;
import org.hearth.api.data.BundleDatabase;
import org.hearth.api.federation.RemoteServers;
import org.hearth.media.internal.preview.UrlPreviews;
import org.hearth.media.internal.store.FileStore;
import org.hearth.media.internal.store.MediaIndex;
import org.hearth.media.internal.thumbnail.ThumbnailSizes;
import org.hearth.media.internal.thumbnail.Thumbnails;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media repository, configured by the {@code media:} section ({@link MediaSettings}): the file store under {@code data_dir/media}, the index in the server's
 * database ({@link BundleDatabase}, tables {@code media_*}), and the services the routes use.
 *
 * <p>The configuration is optional (every key has a default); the server's name and data
 * directory come from core's {@link HomeServer}.
 */
@Component(service = MediaRepository.class, configurationPid = "hearth.media",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = MediaConfig.class)
public final class MediaRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRepository.class);

    private final MediaSettings settings;
    private final Uploads uploads;
    private final Downloads downloads;
    private final UrlPreviews previews;
    private final PendingUploads pending;
    private final RemoteMedia remote;
    /** The federation bundle's client, for media of other servers; null without one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RemoteServers federation;

    /**
     * @param clock the Clock service when there is one (tests move time with it), else the system clock
     */
    @Activate
    public MediaRepository(@Reference BundleDatabase db, @Reference HomeServer home,
                           @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                           Clock clock,
                           Map<String, Object> properties) {
        Clock time = clock != null ? clock : System::currentTimeMillis;
        try {
            settings = MediaSettings.from(properties, home.name(), home.dataDir());
            FileStore files = new FileStore(settings.storePath());
            MediaIndex index = new MediaIndex(db);
            pending = new PendingUploads();
            uploads = new Uploads(settings, files, index, pending, time);
            Thumbnails thumbnails = new Thumbnails(files, index, new ThumbnailSizes(settings.thumbnailSizes()),
                    settings.maxThumbnailPixels(), time);
            remote = new RemoteMedia(settings, files, index, () -> federation, time);
            downloads = new Downloads(settings, files, index, thumbnails, pending, remote);
            // only when on: its cache and TLS set-up are not worth a start-up's time otherwise
            previews = settings.preview().enabled() ? new UrlPreviews(settings.preview(), uploads) : null;
        } catch (ConfigException e) {
            LOG.error("The media repository is off: {}", e.getMessage());
            throw e;
        } catch (IOException e) {
            LOG.error("The media repository is off: cannot use its directory: {}", e.getMessage());
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            LOG.error("The media repository is off", e); // such as its tables newer than this bundle
            throw e;
        }
        LOG.info("Media repository ready in {} (uploads up to {} bytes, URL previews {})", settings.storePath(),
                settings.maxUploadBytes(), settings.preview().enabled() ? "on" : "off");
    }

    @Deactivate
    void stop() {
        remote.close();
    }

    MediaSettings settings() {
        return settings;
    }

    Uploads uploads() {
        return uploads;
    }

    Downloads downloads() {
        return downloads;
    }

    /** Media IDs that downloads wait for now (reserved, not uploaded yet). */
    int awaitedUploads() {
        return pending.size();
    }

    /** Requests waiting for media being fetched from other servers now. */
    int remoteWaiting() {
        return remote.waiting();
    }

    /** Empty when {@code media.url_preview.enabled} is false. */
    Optional<UrlPreviews> previews() {
        return Optional.ofNullable(previews);
    }
}
