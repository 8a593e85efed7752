package org.hearth.api.store;

/** The key of a piece of room state: event type and state key. */
public record StateKey(String type, String stateKey) {
}
