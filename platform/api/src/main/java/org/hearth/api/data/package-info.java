/**
 * Tables of a bundle's own in the server's database: {@link org.hearth.api.data.BundleDatabase}.
 *
 * <p>Core's data stays behind core's services; this is for what a bundle alone reads and writes
 * (the media repository's metadata, a federation queue).
 */
@org.osgi.annotation.versioning.Version("0.2.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.data;
