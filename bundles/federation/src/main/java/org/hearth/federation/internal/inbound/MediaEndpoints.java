package org.hearth.federation.internal.inbound;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.hearth.api.MatrixException;
import org.hearth.api.media.LocalMedia;
import org.hearth.api.media.MediaContent;
import org.hearth.api.media.ThumbnailSpec;
import org.hearth.federation.internal.http.Answer;
import org.hearth.federation.internal.http.Endpoint.Mount;
import org.hearth.federation.internal.http.Inbound;
import org.hearth.federation.internal.http.MultipartMixed;

/**
 * This server's media for other servers (Server-Server API, "Content Repository", v1.11), from
 * the media bundle's {@link LocalMedia}, which finds, waits for and thumbnails them as for the
 * client endpoints.
 *
 * <ul>
 *   <li>GET /_matrix/federation/v1/media/download/{mediaId}?timeout_ms= and
 *       GET /_matrix/federation/v1/media/thumbnail/{mediaId}?width=&amp;height=&amp;method=&amp;animated=&amp;timeout_ms=:
 *       signed requests only (401 otherwise; a denied server 403, as everywhere).</li>
 *   <li>200 {@code multipart/mixed}: a JSON part {@code {}}, then the bytes with their
 *       {@code Content-Type} and {@code Content-Disposition} (never the {@code Location} form).</li>
 *   <li>400 for a bad media ID or thumbnail parameter, 404 {@code M_NOT_FOUND} for unknown media,
 *       504 {@code M_NOT_YET_UPLOADED} for media reserved but not uploaded within
 *       {@code timeout_ms} (at most {@link LocalMedia#MAX_TIMEOUT_MS}; the wait holds no
 *       thread).</li>
 *   <li>Without a media bundle, 404 {@code M_NOT_FOUND}: this server has no media. Not
 *       {@code M_UNRECOGNIZED}, which would send the caller to the deprecated
 *       {@code /_matrix/media/v3} endpoints for nothing.</li>
 * </ul>
 */
public final class MediaEndpoints {
    private static final String P = "/_matrix/federation/v1/media/";
    /** The media's metadata part: "Currently, this will always be an empty object." */
    private static final String METADATA = "{}";

    private final Supplier<LocalMedia> media;

    /** @param media the media bundle's service; null while there is none */
    public MediaEndpoints(Supplier<LocalMedia> media) {
        this.media = media;
    }

    public List<Mount> mounts() {
        return List.of(
                Mount.signedStreamed("GET", P + "download/{mediaId}", r -> {
                    long timeout = LocalMedia.timeoutMs(r.queryParam("timeout_ms"));
                    return multipart(require().download(r.param("mediaId"), timeout));
                }),
                Mount.signedStreamed("GET", P + "thumbnail/{mediaId}", r -> {
                    ThumbnailSpec spec = ThumbnailSpec.parse(r::queryParam);
                    long timeout = LocalMedia.timeoutMs(r.queryParam("timeout_ms"));
                    return multipart(require().thumbnail(r.param("mediaId"), spec, timeout));
                }));
    }

    private LocalMedia require() throws MatrixException {
        LocalMedia m = media.get();
        if (m == null) {
            throw MatrixException.notFound("This server has no media repository");
        }
        return m;
    }

    /** The media once ready (bounded by the media bundle's timeout), streamed. */
    private static CompletionStage<Answer> multipart(CompletionStage<MediaContent> stage) {
        return stage.thenApply(content -> new MultipartMixed(METADATA, content.contentType(),
                content.contentDisposition(), content.size(), content.bytes()));
    }
}
