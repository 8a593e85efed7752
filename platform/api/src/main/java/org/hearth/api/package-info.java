/**
 * Hearth's public contract: what every bundle codes against.
 *
 * <p>Nothing here depends on Felix, Undertow or MyBatis. A breaking change bumps the major version.
 */
@org.osgi.annotation.versioning.Version("0.3.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api;
