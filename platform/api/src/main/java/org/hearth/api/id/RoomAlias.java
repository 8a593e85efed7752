package org.hearth.api.id;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A room alias, {@code #localpart:domain} (appendices, "Room Aliases"): the localpart any valid
 * non-surrogate code points except ':' and NUL, the whole at most 255 bytes.
 */
public record RoomAlias(String localpart, ServerName server) {
    public RoomAlias {
        if (localpart == null || localpart.isEmpty() || !Identifiers.isOpaqueLocalpart(localpart, false)) {
            throw new IllegalArgumentException("not a valid room alias localpart: " + localpart);
        }
        if (!Identifiers.fits("#" + localpart + ":" + server.value())) {
            throw new IllegalArgumentException("room alias longer than " + Identifiers.MAX_BYTES + " bytes");
        }
    }

    /** Parses {@code #localpart:domain}; empty when it is not a room alias. */
    public static Optional<RoomAlias> parse(String text) {
        if (text == null || text.length() < 4 || text.charAt(0) != '#') {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RoomAlias(text.substring(1, colon), new ServerName(text.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** As the spec writes it; also its JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return "#" + localpart + ":" + server.value();
    }
}
