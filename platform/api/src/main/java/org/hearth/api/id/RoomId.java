package org.hearth.api.id;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A room ID (appendices, "Room IDs"): {@code !opaque_id:domain} in room versions 1–11,
 * {@code !} and the create event's reference hash from version 12 on. Opaque: compare it, never
 * take it apart, except for {@link #server()}, the domain of the older form.
 */
public record RoomId(String value) {
    public RoomId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid room ID: " + value);
        }
    }

    /** The room ID, or empty when the text is not one. */
    public static Optional<RoomId> parse(String text) {
        return isValid(text) ? Optional.of(new RoomId(text)) : Optional.empty();
    }

    /** {@code !}, at least one more character, no NUL or lone surrogate, at most 255 bytes. */
    public static boolean isValid(String text) {
        return text != null && text.length() >= 2 && text.charAt(0) == '!' && Identifiers.fits(text)
                && Identifiers.isOpaqueLocalpart(text.substring(1), true);
    }

    /** The domain of a {@code !opaque_id:domain} room ID; empty for the hash form of version 12. */
    public Optional<ServerName> server() {
        return Optional.ofNullable(Identifiers.serverAfterColon(value));
    }

    /** As the spec writes it; also its JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
