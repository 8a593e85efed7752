/**
 * This server's media, for other bundles: the media bundle provides
 * {@link org.hearth.api.media.LocalMedia}, which the federation bundle serves to other servers
 * (Server-Server API, "Content Repository"). Without a media bundle there is none.
 */
@org.osgi.annotation.versioning.Version("0.2.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.media;
