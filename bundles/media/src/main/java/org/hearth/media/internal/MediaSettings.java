package org.hearth.media.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearth.api.config.ConfigException;
import org.hearth.api.config.Settings;
import org.hearth.api.id.ServerName;
import org.hearth.media.internal.preview.PreviewSettings;
import org.hearth.media.internal.thumbnail.ThumbnailSize;

/**
 * Every key the media bundle reads, in one place: the {@code media:} section of
 * {@code conf/hearth.yaml} (PID {@code hearth.media}, declared by {@link MediaConfig}), with the
 * server's name and data directory. A key of {@code media:} this class does not know fails
 * activation with a line naming it.
 *
 * @param storePath               where the files are (default {@code data_dir/media})
 * @param maxUploadBytes          larger uploads get 413 {@code M_TOO_LARGE}
 * @param maxPendingUploads       IDs from {@code POST /create} not yet uploaded, per user
 * @param unusedExpiryMs          how long such an ID waits for its upload
 * @param thumbnailSizes          the sizes thumbnails are made in (a request picks the best fit)
 * @param maxThumbnailPixels      larger images are not thumbnailed (413 {@code M_TOO_LARGE})
 * @param unauthenticatedUntil    media uploaded before this instant stay readable through the
 *                                deprecated unauthenticated endpoints; later media are frozen
 * @param maxRemoteFetches        fetches of other servers' media running at once (each holds a
 *                                connection and a file being written; more wait their turn)
 */
public record MediaSettings(ServerName serverName, Path storePath, long maxUploadBytes, int maxPendingUploads,
                            long unusedExpiryMs, List<ThumbnailSize> thumbnailSizes, long maxThumbnailPixels,
                            Instant unauthenticatedUntil, int maxRemoteFetches, PreviewSettings preview) {

    static final long DEFAULT_MAX_UPLOAD_BYTES = 50L * 1024 * 1024;
    static final int DEFAULT_MAX_REMOTE_FETCHES = 8;
    /** The sizes the spec recommends (Client-Server API, "Thumbnails"), as Synapse ships them. */
    static final List<String> DEFAULT_THUMBNAIL_SIZES =
            List.of("32x32 crop", "96x96 crop", "320x240 scale", "640x480 scale", "800x600 scale");

    private static final Set<String> KEYS = Set.of("store_path", "max_upload_bytes", "max_pending_uploads",
            "unused_expiry_ms", "thumbnail_sizes", "max_thumbnail_pixels", "freeze_unauthenticated_at",
            "max_concurrent_remote_fetches",
            "url_preview.enabled", "url_preview.blocked_ranges", "url_preview.allowed_ranges",
            "url_preview.max_bytes", "url_preview.timeout_ms", "url_preview.ca_file");

    /** Reads and checks the merged properties; a wrong value throws a {@link ConfigException} naming {@code media.<key>}. */
    public static MediaSettings from(Map<String, ?> properties, ServerName serverName, Path dataDir) {
        for (String key : properties.keySet()) {
            if (!KEYS.contains(key) && !isFramework(key)) {
                throw new ConfigException("media." + key + ": unknown key");
            }
        }
        Settings media = new Settings("media", properties);
        Path store = media.string("store_path").map(p -> dataDir.resolve(p)).orElse(dataDir.resolve("media"));
        return new MediaSettings(serverName, store.toAbsolutePath().normalize(),
                media.number("max_upload_bytes", DEFAULT_MAX_UPLOAD_BYTES, 1, Long.MAX_VALUE / 2),
                (int) media.number("max_pending_uploads", 5, 1, 10_000),
                media.number("unused_expiry_ms", 24L * 3600 * 1000, 1000, 365L * 24 * 3600 * 1000),
                thumbnailSizes(media.strings("thumbnail_sizes", DEFAULT_THUMBNAIL_SIZES)),
                media.number("max_thumbnail_pixels", 32_000_000, 1, 1_000_000_000),
                instant(media, "freeze_unauthenticated_at"),
                (int) media.number("max_concurrent_remote_fetches", DEFAULT_MAX_REMOTE_FETCHES, 1, 256),
                new PreviewSettings(media.flag("url_preview.enabled", false),
                        media.strings("url_preview.blocked_ranges", List.of()),
                        media.strings("url_preview.allowed_ranges", List.of()),
                        media.number("url_preview.max_bytes", 10L * 1024 * 1024, 1024, 1024L * 1024 * 1024),
                        media.number("url_preview.timeout_ms", 10_000, 100, 600_000),
                        media.string("url_preview.ca_file").map(Path::of).orElse(null)));
    }

    /** Properties Declarative Services, ConfigAdmin and FileInstall add to every configuration. */
    private static boolean isFramework(String key) {
        return key.startsWith("component.") || key.startsWith("service.") || key.startsWith("osgi.")
                || key.startsWith("felix.");
    }

    private static List<ThumbnailSize> thumbnailSizes(List<String> texts) {
        List<ThumbnailSize> sizes = new ArrayList<>();
        for (String text : texts) {
            sizes.add(ThumbnailSize.parse(text).orElseThrow(() -> new ConfigException("media.thumbnail_sizes: \""
                    + text + "\" is not a size such as \"320x240 scale\" or \"96x96 crop\"")));
        }
        if (sizes.isEmpty()) {
            throw new ConfigException("media.thumbnail_sizes: at least one size is needed");
        }
        return List.copyOf(sizes);
    }

    /** The freeze of unauthenticated access (Client-Server API, "Content repository"): by default, every media. */
    private static Instant instant(Settings media, String key) {
        String text = media.string(key, "1970-01-01T00:00:00Z");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigException("media." + key + ": \"" + text + "\" is not an instant such as 2026-12-01T00:00:00Z");
        }
    }
}
