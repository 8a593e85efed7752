package org.hearth.http.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;

/**
 * Strict percent-decoding (RFC 3986, section 2.1) of path segments and query strings into UTF-8
 * text: a malformed escape, bytes that are not UTF-8, or NUL (which no Matrix identifier holds,
 * and which PostgreSQL's text columns refuse) is 400 {@code M_INVALID_PARAM}.
 *
 * <p>Hearth decodes the raw request target itself instead of taking the container's decoding,
 * which replaces bytes that are not UTF-8 and, for a form body, mixes the body's fields into the
 * query parameters.
 */
final class PercentDecoding {
    private PercentDecoding() {
    }

    /** A path segment: a '+' stays a plus. */
    static String segment(String raw) throws MatrixException {
        return decode(raw, false, "the path");
    }

    /**
     * A raw query string ({@code a=1&b=x+y&a=2}) as its parameters, each with its values in order;
     * a '+' is a space, as browsers and most clients write it.
     */
    static Map<String, List<String>> query(String raw) throws MatrixException {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "a query parameter");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "query parameter " + name);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        params.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String raw, boolean plusIsSpace, String what) throws MatrixException {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return requireNoNul(raw, what);
        }
        byte[] bytes = new byte[raw.length() * 4];
        int length = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw MatrixException.invalidParam("Malformed percent-encoding in " + what);
                }
                bytes[length++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[length++] = ' ';
            } else if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                // the parser refuses unescaped non-ASCII in a request target; kept as UTF-8 should one pass
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, length, utf8.length);
                length += utf8.length;
            }
        }
        try {
            return requireNoNul(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString(), what);
        } catch (CharacterCodingException e) {
            throw MatrixException.invalidParam(capitalized(what) + " is not percent-encoded UTF-8");
        }
    }

    private static String requireNoNul(String text, String what) throws MatrixException {
        if (text.indexOf('\0') >= 0) {
            throw MatrixException.invalidParam(capitalized(what) + " holds a NUL character");
        }
        return text;
    }

    private static String capitalized(String what) {
        return Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }
}
