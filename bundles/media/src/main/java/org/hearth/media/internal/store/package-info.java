/**
 * Where media are kept: the bytes in a content-addressed {@link org.hearth.media.internal.store.FileStore}
 * (0700 directories, 0600 files), what they are in the {@code media_*} tables through
 * {@link org.hearth.media.internal.store.MediaIndex} ({@code org.hearth.api.data.BundleDatabase}).
 */
package org.hearth.media.internal.store;
