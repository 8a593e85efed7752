package org.hearth.api.room;

import java.util.Locale;
import java.util.Optional;

/** A user's membership of a room ({@code m.room.member} {@code content.membership}). */
public enum Membership {
    JOIN, INVITE, LEAVE, BAN, KNOCK;

    /** As the spec writes it: {@code join}, {@code invite}, … */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The membership the spec's word names; empty for any other word. */
    public static Optional<Membership> parse(String text) {
        if (text != null) {
            for (Membership m : values()) {
                if (m.value().equals(text)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value();
    }
}
