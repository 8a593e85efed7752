package org.hearth.media.internal.store;

/**
 * Bytes kept in the {@link FileStore}, named by their SHA-256.
 *
 * @param hash lower-case hex SHA-256 of the bytes
 * @param size their length
 */
public record Blob(String hash, long size) {}
