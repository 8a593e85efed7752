package org.hearth.media.internal.preview;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.hearth.api.MatrixException;
import org.hearth.api.net.PemTrust;
import org.hearth.api.id.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /preview_url}: the Open Graph data of a page (Client-Server API, "Content
 * repository"), its {@code og:image} fetched and stored as media of the requesting user. An image
 * URL previews as that image. Pages are fetched through {@link SafeHttpClient} only, within
 * {@code url_preview.max_bytes} and {@code url_preview.timeout_ms}; previews are kept an hour.
 */
public final class UrlPreviews {
    private static final Logger LOG = LoggerFactory.getLogger(UrlPreviews.class);
    private static final int MAX_URL_LENGTH = 2048;

    /** Stores fetched image bytes as media; the mxc URI and what the image is. */
    @FunctionalInterface
    public interface ImageStore {
        Optional<StoredImage> store(UserId uploader, String contentType, byte[] bytes) throws IOException;
    }

    /** An image stored as media, with its dimensions. */
    public record StoredImage(String contentUri, String contentType, long size, int width, int height) {}

    private final PreviewSettings settings;
    private final SafeHttpClient client;
    private final ImageStore images;
    private final Cache<String, Map<String, Object>> cache = Caffeine.newBuilder()
            .maximumSize(1000).expireAfterWrite(Duration.ofHours(1)).build();

    public UrlPreviews(PreviewSettings settings, ImageStore images) {
        this(settings, images, Resolver.SYSTEM);
    }

    UrlPreviews(PreviewSettings settings, ImageStore images, Resolver resolver) {
        this.settings = settings;
        this.images = images;
        Supplier<SSLSocketFactory> tls;
        if (settings.caFile() == null) {
            tls = () -> (SSLSocketFactory) SSLSocketFactory.getDefault();
        } else {
            SSLSocketFactory only = trustOnly(settings.caFile()); // a wrong file is named at start-up
            tls = () -> only;
        }
        this.client = new SafeHttpClient(new AddressPolicy(settings.blockedRanges(), settings.allowedRanges()), resolver, tls);
    }

    public Map<String, Object> preview(String url, UserId requester) throws MatrixException {
        URI uri = parse(url);
        Map<String, Object> cached = cache.getIfPresent(uri.toString());
        if (cached != null) {
            return cached;
        }
        long deadline = System.nanoTime() + settings.timeoutMs() * 1_000_000;
        Map<String, Object> preview;
        try {
            preview = build(uri, requester, deadline);
        } catch (PreviewException e) {
            LOG.debug("No preview of {}: {}", uri.getHost(), e.getMessage());
            throw e.refused() ? MatrixException.forbidden("Cannot preview this URL: " + e.getMessage())
                    : new MatrixException(502, "M_UNKNOWN", "Cannot preview this URL: " + e.getMessage());
        }
        cache.put(uri.toString(), preview);
        return preview;
    }

    private Map<String, Object> build(URI uri, UserId requester, long deadline) throws PreviewException {
        SafeHttpClient.Response page = client.get(uri, settings.maxBytes(), deadline);
        if (page.status() != 200) {
            throw PreviewException.failed("the site answered " + page.status());
        }
        Map<String, Object> preview = new LinkedHashMap<>();
        String type = mediaType(page.contentType());
        if (type.startsWith("image/")) {
            image(page, requester).ifPresent(image -> describe(image, preview));
        } else if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
            Map<String, String> og = OpenGraph.parse(page.body(), page.contentType());
            preview.putAll(og);
            String imageUrl = og.get("og:image");
            if (imageUrl != null) {
                preview.remove("og:image"); // replaced by the stored copy, or left out
                ogImage(page.url(), imageUrl, requester, deadline).ifPresent(image -> describe(image, preview));
            }
        }
        return preview;
    }

    /** The page's image, fetched and stored; empty when it cannot be (the page's preview stands without it). */
    private Optional<StoredImage> ogImage(URI page, String imageUrl, UserId requester, long deadline) {
        try {
            URI uri = SafeHttpClient.check(page.resolve(new URI(imageUrl.strip())));
            SafeHttpClient.Response image = client.get(uri, settings.maxBytes(), deadline);
            return image.status() == 200 ? image(image, requester) : Optional.empty();
        } catch (PreviewException | URISyntaxException | IllegalArgumentException e) {
            LOG.debug("No og:image for a preview of {}: {}", page.getHost(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<StoredImage> image(SafeHttpClient.Response response, UserId requester) {
        try {
            return images.store(requester, mediaType(response.contentType()), response.body());
        } catch (IOException e) {
            LOG.warn("Could not store a preview image: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static void describe(StoredImage image, Map<String, Object> preview) {
        preview.put("og:image", image.contentUri());
        preview.put("og:image:type", image.contentType());
        preview.put("og:image:width", image.width());
        preview.put("og:image:height", image.height());
        preview.put("matrix:image:size", image.size());
    }

    /** TLS that trusts the CAs of {@code url_preview.ca_file} only. */
    private static SSLSocketFactory trustOnly(Path caFile) {
        return PemTrust.context(PemTrust.only(caFile, "media.url_preview.ca_file")).getSocketFactory();
    }

    private static URI parse(String url) throws MatrixException {
        if (url.length() > MAX_URL_LENGTH) {
            throw MatrixException.invalidParam("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        try {
            int hash = url.indexOf('#');
            URI uri = new URI(hash < 0 ? url : url.substring(0, hash)).normalize(); // the fragment never reaches the site
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw MatrixException.invalidParam("url must be an absolute http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw MatrixException.invalidParam("url is not a URL");
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
