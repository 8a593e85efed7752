package org.hearth.api.id;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A device ID (Client-Server API, "Relationship between access tokens and devices"). The spec
 * leaves its form to the server; clients may choose one at login. Hearth accepts 1–255 bytes of
 * printable characters: no NUL, no control characters, no lone surrogates.
 */
public record DeviceId(String value) {
    public DeviceId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid device ID: " + value);
        }
    }

    /** The device ID, or empty when the text is not one. */
    public static Optional<DeviceId> parse(String text) {
        return isValid(text) ? Optional.of(new DeviceId(text)) : Optional.empty();
    }

    public static boolean isValid(String text) {
        if (text == null || text.isEmpty() || !Identifiers.fits(text) || !Identifiers.isOpaqueLocalpart(text, true)) {
            return false;
        }
        return text.chars().noneMatch(Character::isISOControl);
    }

    /** As the spec writes it; also its JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
