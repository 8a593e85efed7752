package org.hearth.media.internal;

import java.nio.charset.StandardCharsets;
import org.hearth.api.MatrixException;

/**
 * File names of media: checked when they arrive (the {@code filename} of an upload, the name in a
 * download path) and written into {@code Content-Disposition} as RFC 6266 says: a quoted string
 * for printable ASCII, else the RFC 8187 {@code filename*=utf-8''…} form.
 */
final class FileNames {
    static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    /** The name, or 400 {@code M_INVALID_PARAM} when it is too long or holds control characters. */
    static String check(String name, String parameter) throws MatrixException {
        if (!valid(name)) {
            throw MatrixException.invalidParam(parameter + " must be at most " + MAX_LENGTH
                    + " characters without control characters");
        }
        return name;
    }

    /** At most {@value #MAX_LENGTH} characters, none a control character. */
    static boolean valid(String name) {
        return name.length() <= MAX_LENGTH && name.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL);
    }

    /** {@code inline} or {@code attachment}, with the name when there is one. */
    static String disposition(boolean inline, String name) {
        String type = inline ? "inline" : "attachment";
        if (name == null || name.isEmpty()) {
            return type;
        }
        if (name.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            return type + "; filename=\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isAttrChar(c)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return type + "; filename*=utf-8''" + encoded;
    }

    /** RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~". */
    private static boolean isAttrChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
