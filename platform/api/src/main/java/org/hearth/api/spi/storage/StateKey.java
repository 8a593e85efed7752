package org.hearth.api.spi.storage;

/** The key of a piece of room state: event type and state key. */
public record StateKey(String type, String stateKey) {
}
