/**
 * HTTP endpoints as services: a bundle registers a {@link org.hearth.api.http.Route} with the
 * {@link org.hearth.api.http.MatrixRoute} properties and the HTTP front door serves it while
 * the service exists (the whiteboard pattern).
 */
@org.osgi.annotation.versioning.Version("0.3.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.http;
