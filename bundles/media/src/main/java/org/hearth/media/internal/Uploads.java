package org.hearth.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.Clock;
import org.hearth.api.MatrixException;
import org.hearth.api.http.BodyTooLargeException;
import org.hearth.api.http.RouteRequest;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.hearth.media.internal.preview.UrlPreviews;
import org.hearth.media.internal.store.Blob;
import org.hearth.media.internal.store.FileStore;
import org.hearth.media.internal.store.MediaIndex;
import org.hearth.media.internal.store.MediaRecord;
import org.hearth.media.internal.thumbnail.ImageCodec;
import org.hearth.media.internal.thumbnail.ImageFormat;

/**
 * Storing media: uploads in one go, IDs reserved for a later upload, and images fetched for URL
 * previews. The bytes go to the {@link FileStore} first, then the row to the {@link MediaIndex}:
 * a crash in between leaves a file nobody names, never a name without its file.
 */
final class Uploads implements UrlPreviews.ImageStore {
    private final MediaSettings settings;
    private final FileStore files;
    private final MediaIndex index;
    private final PendingUploads pending;
    private final Clock clock;

    Uploads(MediaSettings settings, FileStore files, MediaIndex index, PendingUploads pending, Clock clock) {
        this.settings = settings;
        this.files = files;
        this.index = index;
        this.pending = pending;
        this.clock = clock;
    }

    /** {@code POST /upload}: stores the body under a new media ID; its {@code mxc://} URI. */
    String upload(UserId uploader, RouteRequest request) throws MatrixException, IOException {
        String contentType = MediaTypes.ofUpload(request.header("Content-Type").orElse(null));
        String filename = filename(request);
        Blob blob = receive(request);
        String mediaId = MediaIds.generate();
        index.addUploaded(mediaId, uploader.toString(), clock.millis(), blob, contentType, filename);
        return contentUri(mediaId);
    }

    /** {@code POST /create}: a media ID for a later upload by the same user, and when it lapses. */
    Map<String, Object> reserve(UserId uploader) throws MatrixException {
        String mediaId = MediaIds.generate();
        long now = clock.millis();
        long expiresAt = now + settings.unusedExpiryMs();
        if (!index.reserve(mediaId, uploader.toString(), now, expiresAt, settings.maxPendingUploads())) {
            throw new MatrixException(429, "M_LIMIT_EXCEEDED", "You have " + settings.maxPendingUploads()
                    + " media IDs waiting for their upload already", Map.of("retry_after_ms", settings.unusedExpiryMs()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content_uri", contentUri(mediaId));
        body.put("unused_expires_at", expiresAt);
        return body;
    }

    /**
     * {@code PUT /upload/{serverName}/{mediaId}}: the upload of a reserved ID. Only its creator may
     * upload, once, before it lapses; all of that is checked before the body is read.
     */
    void uploadTo(UserId uploader, RouteRequest request) throws MatrixException, IOException {
        ServerName server = MediaPaths.serverName(request);
        String mediaId = MediaPaths.mediaId(request);
        if (!server.equals(settings.serverName())) {
            throw MatrixException.notFound("Unknown media ID: media IDs are created on their own server");
        }
        MediaRecord record = index.find(mediaId).orElseThrow(() -> MatrixException.notFound("Unknown media ID"));
        if (!record.uploader().equals(uploader.toString())) {
            throw MatrixException.forbidden("This media ID was created by another user");
        }
        if (record.uploaded()) {
            throw cannotOverwrite();
        }
        if (record.unusedExpiresAt() != null && record.unusedExpiresAt() <= clock.millis()) {
            throw MatrixException.notFound("This media ID has expired");
        }
        String contentType = MediaTypes.ofUpload(request.header("Content-Type").orElse(null));
        String filename = filename(request);
        Blob blob = receive(request);
        if (!index.fill(mediaId, clock.millis(), blob, contentType, filename)) {
            throw cannotOverwrite(); // another upload of the same ID finished first
        }
        pending.uploaded(mediaId);
    }

    /** An image fetched for a URL preview, stored as media of the user who asked; empty when it is no image. */
    @Override
    public Optional<UrlPreviews.StoredImage> store(UserId uploader, String contentType, byte[] bytes) throws IOException {
        if (ImageFormat.sniff(bytes).isEmpty()) {
            return Optional.empty(); // not even the start of an image: nothing is stored
        }
        Blob blob = files.write(bytes);
        Optional<ImageCodec.Info> info = ImageCodec.inspect(files.path(blob.hash()));
        if (info.isEmpty()) {
            return Optional.empty();
        }
        String type = info.get().format().contentType();
        String mediaId = MediaIds.generate();
        index.addUploaded(mediaId, uploader.toString(), clock.millis(), blob, type, null);
        return Optional.of(new UrlPreviews.StoredImage(contentUri(mediaId), type, blob.size(), info.get().width(),
                info.get().height()));
    }

    String contentUri(String mediaId) {
        return "mxc://" + settings.serverName() + "/" + mediaId;
    }

    private Blob receive(RouteRequest request) throws MatrixException, IOException {
        try (InputStream body = request.bodyStream(settings.maxUploadBytes())) {
            return files.write(body);
        } catch (BodyTooLargeException e) {
            throw e.toMatrix();
        }
    }

    private static String filename(RouteRequest request) throws MatrixException {
        Optional<String> filename = request.queryParam("filename");
        return filename.isPresent() && !filename.get().isEmpty() ? FileNames.check(filename.get(), "filename") : null;
    }

    private static MatrixException cannotOverwrite() {
        return new MatrixException(409, "M_CANNOT_OVERWRITE_MEDIA", "Media already uploaded");
    }
}
