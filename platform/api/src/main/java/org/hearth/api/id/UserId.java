package org.hearth.api.id;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A user ID, {@code @localpart:server} (appendices, "User Identifiers").
 *
 * <p>{@link #parse} accepts the historical localparts other servers may still send (any
 * printable ASCII but ':'); {@link #isValidNewLocalpart} is the stricter grammar a new local
 * account must follow ({@code a-z 0-9 . _ = - / +}).
 */
public record UserId(String localpart, ServerName server) {
    /** Longest user ID, in bytes, including the sigil and the domain. */
    public static final int MAX_LENGTH = 255;

    public UserId {
        if (localpart == null || localpart.isEmpty() || !isHistoricalLocalpart(localpart)) {
            throw new IllegalArgumentException("not a valid user ID localpart: " + localpart);
        }
        if (("@" + localpart + ":" + server.value()).getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new IllegalArgumentException("user ID longer than " + MAX_LENGTH + " bytes");
        }
    }

    /** Parses {@code @localpart:server}; empty when it is not a user ID. */
    public static Optional<UserId> parse(String text) {
        if (text == null || !text.startsWith("@")) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UserId(text.substring(1, colon), new ServerName(text.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The localpart grammar for new accounts: lower-case letters, digits and {@code ._=-/+}. */
    public static boolean isValidNewLocalpart(String localpart) {
        if (localpart == null || localpart.isEmpty()) {
            return false;
        }
        for (int i = 0; i < localpart.length(); i++) {
            char c = localpart.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '=' || c == '-' || c == '/' || c == '+';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHistoricalLocalpart(String localpart) {
        for (int i = 0; i < localpart.length(); i++) {
            char c = localpart.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** As the spec writes it; also its JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return "@" + localpart + ":" + server.value();
    }
}
