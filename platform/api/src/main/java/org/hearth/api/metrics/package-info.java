/**
 * Figures a bundle publishes on the server's metrics endpoint ({@code /_hearth/metrics}):
 * register a {@link org.hearth.api.metrics.Gauge} service and it is scraped while registered.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.metrics;
