package org.hearth.media.internal.store;

/**
 * One row of {@code media_items}, or of {@code media_remote} for media of another server.
 *
 * @param origin          the server the media comes from; null for this server's own
 * @param unusedExpiresAt for an ID from {@code POST /create} not yet uploaded: when it lapses; else null
 * @param uploadedAt      null while pending
 * @param contentHash     the file in the {@link FileStore}; null while pending
 * @param contentType     as the uploader declared it (checked to be a media type)
 * @param filename        as the uploader gave it, or null
 */
public record MediaRecord(String origin, String mediaId, String uploader, long createdAt, Long unusedExpiresAt, Long uploadedAt,
                          String contentHash, long size, String contentType, String filename) {

    /** Media of another server, fetched and kept here. */
    public static MediaRecord remote(String origin, String mediaId, long fetchedAt, Blob blob, String contentType,
                                     String filename) {
        return new MediaRecord(origin, mediaId, "", fetchedAt, null, fetchedAt, blob.hash(), blob.size(), contentType,
                filename);
    }

    public boolean uploaded() {
        return uploadedAt != null;
    }

    public Blob blob() {
        return new Blob(contentHash, size);
    }
}
