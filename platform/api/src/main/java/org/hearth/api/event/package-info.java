/**
 * Room events as bundles meet them: the {@link org.hearth.api.event.EventPolicy} extension point
 * (may this event be accepted?) and the durable event stream
 * ({@link org.hearth.api.event.EventStreamConsumer}: every stored event, in order, from a cursor
 * that survives restarts).
 */
@org.osgi.annotation.versioning.Version("0.3.0")
@org.osgi.annotation.bundle.Export
package org.hearth.api.event;
