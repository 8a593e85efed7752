package org.hearth.api.spi.storage;

/**
 * How a stored event stands in its room (see {@link EventPlacement.Status}).
 *
 * @param rejectedReason null unless rejected
 */
public record EventFlags(String eventId, EventPlacement.Status status, String rejectedReason) {
}
