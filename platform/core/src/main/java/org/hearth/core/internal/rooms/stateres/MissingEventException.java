package org.hearth.core.internal.rooms.stateres;

/** State resolution needed an event the {@link EventFetcher} does not have. */
public final class MissingEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String eventId;

    public MissingEventException(String eventId) {
        super("event needed for state resolution is missing: " + eventId);
        this.eventId = eventId;
    }

    public String eventId() {
        return eventId;
    }
}
