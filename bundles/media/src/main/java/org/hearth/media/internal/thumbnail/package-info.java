/**
 * Thumbnails: formats told by their bytes ({@link org.hearth.media.internal.thumbnail.ImageFormat}),
 * read by the JDK and TwelveMonkeys' WebP reader ({@link org.hearth.media.internal.thumbnail.ImageCodec}),
 * scaled or cropped ({@link org.hearth.media.internal.thumbnail.Thumbnailer}) in the configured sizes
 * only ({@link org.hearth.media.internal.thumbnail.ThumbnailSizes}), made once and stored
 * ({@link org.hearth.media.internal.thumbnail.Thumbnails}).
 */
package org.hearth.media.internal.thumbnail;
