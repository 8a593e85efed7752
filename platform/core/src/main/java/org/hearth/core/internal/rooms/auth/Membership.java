package org.hearth.core.internal.rooms.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code membership} values of {@code m.room.member} (Client-Server API, "m.room.member").
 * A user without a member event in the state counts as {@link #LEAVE}.
 */
public enum Membership {
    INVITE, JOIN, KNOCK, LEAVE, BAN;

    /** The JSON value, {@code "join"} for {@link #JOIN}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Empty for an unknown value (rule 4.8 rejects it). */
    public static Optional<Membership> parse(String value) {
        for (Membership m : values()) {
            if (m.value().equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
