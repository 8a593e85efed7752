/**
 * The durable event stream: every stored event, in global stream order, to each
 * {@link org.hearth.api.event.EventStreamConsumer} from a cursor kept in the database.
 */
package org.hearth.core.internal.streams;
