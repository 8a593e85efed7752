package org.hearth.api.id;

import java.nio.charset.StandardCharsets;

/** Checks shared by the identifier types (appendices, "Identifier Grammar"). */
final class Identifiers {
    /** Every identifier with a sigil is at most 255 bytes, sigil and domain included. */
    static final int MAX_BYTES = 255;

    private Identifiers() {
    }

    static boolean fits(String text) {
        return text.length() <= MAX_BYTES && text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** Valid non-surrogate code points except NUL and, when {@code colonAllowed} is false, ':'. */
    static boolean isOpaqueLocalpart(String text, boolean colonAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || (!colonAllowed && c == ':')) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The server name after the first ':', or null when there is none or it is not a server name. */
    static ServerName serverAfterColon(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String server = text.substring(colon + 1);
        return ServerName.isValid(server) ? new ServerName(server) : null;
    }
}
