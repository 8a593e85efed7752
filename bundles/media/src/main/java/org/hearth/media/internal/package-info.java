/**
 * The content repository (Client-Server API, "Content repository"), private to bundle
 * {@code org.hearth.media}: {@link org.hearth.media.internal.MediaRepository} reads the
 * {@code media:} section and builds the services the routes use — {@link org.hearth.media.internal.Uploads}
 * (files first, then their row), {@link org.hearth.media.internal.Downloads} (checked IDs, the
 * freeze of unauthenticated access, waiting for uploads), thumbnails and URL previews in the
 * sub-packages. One route class per endpoint, its Javadoc starting with its method and path.
 */
package org.hearth.media.internal;
