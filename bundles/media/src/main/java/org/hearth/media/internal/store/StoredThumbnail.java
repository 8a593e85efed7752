package org.hearth.media.internal.store;

/** One row of {@code media_thumbnails}: a thumbnail made once and served from the {@link FileStore} since. */
public record StoredThumbnail(String contentHash, String contentType, long size) {}
