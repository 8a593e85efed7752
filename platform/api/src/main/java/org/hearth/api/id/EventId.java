package org.hearth.api.id;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * An event ID (appendices, "Event IDs"): {@code $opaque_id:domain} in room versions 1 and 2,
 * {@code $} and the event's reference hash from version 3 on. Opaque.
 */
public record EventId(String value) {
    public EventId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid event ID: " + value);
        }
    }

    /** The event ID, or empty when the text is not one. */
    public static Optional<EventId> parse(String text) {
        return isValid(text) ? Optional.of(new EventId(text)) : Optional.empty();
    }

    /** {@code $}, at least one more character, no NUL or lone surrogate, at most 255 bytes. */
    public static boolean isValid(String text) {
        return text != null && text.length() >= 2 && text.charAt(0) == '$' && Identifiers.fits(text)
                && Identifiers.isOpaqueLocalpart(text.substring(1), true);
    }

    /** As the spec writes it; also its JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
