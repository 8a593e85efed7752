/**
 * Room events as bundles meet them: the {@link org.hearth.api.event.EventPolicy} extension point
 * (may this event be accepted?) and the {@link org.hearth.api.event.EventListener} extension
 * point (an event was stored).
 */
@org.osgi.annotation.versioning.Version("0.1.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.event;
