package org.hearth.media.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hearth.api.config.ConfigException;
import org.hearth.api.id.ServerName;
import org.junit.jupiter.api.Test;

class MediaSettingsTest {

    private static Map<String, Object> server(Object... media) {
        Map<String, Object> properties = new HashMap<>(Map.of("component.name", "x", "service.pid", "hearth.media",
                "osgi.ds.satisfying.condition.target", "(osgi.condition.id=true)"));
        for (int i = 0; i < media.length; i += 2) {
            properties.put((String) media[i], media[i + 1]);
        }
        return properties;
    }

    private static MediaSettings from(Map<String, Object> properties) {
        return MediaSettings.from(properties, new ServerName("example.org"), Path.of("/srv/hearth/data"));
    }

    @Test
    void defaults() {
        MediaSettings settings = from(server());

        assertEquals("example.org", settings.serverName().toString());
        assertEquals(Path.of("/srv/hearth/data/media"), settings.storePath());
        assertEquals(50L * 1024 * 1024, settings.maxUploadBytes());
        assertEquals(5, settings.thumbnailSizes().size());
        assertEquals(Instant.EPOCH, settings.unauthenticatedUntil());
        assertEquals(8, settings.maxRemoteFetches());
        assertFalse(settings.preview().enabled());
    }

    @Test
    void valuesAreRead() {
        MediaSettings settings = from(server("store_path", "/var/media", "max_upload_bytes", 1000L,
                "thumbnail_sizes", new String[] {"10x10 crop"}, "freeze_unauthenticated_at", "2026-12-01T00:00:00Z",
                "url_preview.enabled", true, "url_preview.allowed_ranges", new String[] {"10.0.0.0/8"},
                "max_concurrent_remote_fetches", 2));

        assertEquals(Path.of("/var/media"), settings.storePath());
        assertEquals(1000, settings.maxUploadBytes());
        assertEquals("10x10 crop", settings.thumbnailSizes().get(0).toString());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), settings.unauthenticatedUntil());
        assertEquals(java.util.List.of("10.0.0.0/8"), settings.preview().allowedRanges());
        assertEquals(2, settings.maxRemoteFetches());
    }

    @Test
    void unknownKeysAndWrongValuesAreNamed() {
        assertEquals("media.max_upload: unknown key",
                assertThrows(ConfigException.class, () -> from(server("max_upload", 5L))).getMessage());
        assertEquals("media.url_preview.enable: unknown key",
                assertThrows(ConfigException.class, () -> from(server("url_preview.enable", true))).getMessage());
        assertEquals("media.thumbnail_sizes: \"big\" is not a size such as \"320x240 scale\" or \"96x96 crop\"",
                assertThrows(ConfigException.class,
                        () -> from(server("thumbnail_sizes", new String[] {"big"}))).getMessage());
        assertEquals("media.freeze_unauthenticated_at: \"yesterday\" is not an instant such as 2026-12-01T00:00:00Z",
                assertThrows(ConfigException.class,
                        () -> from(server("freeze_unauthenticated_at", "yesterday"))).getMessage());
        assertEquals("media.max_upload_bytes: expected a whole number, found \"10MB\"",
                assertThrows(ConfigException.class, () -> from(server("max_upload_bytes", "10MB"))).getMessage());
        assertThrows(ConfigException.class, () -> from(server("max_concurrent_remote_fetches", 0)));
    }
}
