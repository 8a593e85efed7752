package org.hearth.http.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hearth.api.MatrixException;

/**
 * A route's path template, such as {@code /_matrix/client/v3/rooms/{roomId}/state}: literal
 * segments and {@code {name}} placeholders that each match one segment, non-empty except for a
 * placeholder that ends the template.
 */
final class PathTemplate {
    private final String text;
    private final String[] literals;   // null where the segment is a placeholder
    private final String[] names;      // placeholder names, null where literal
    private final int literalCount;

    private PathTemplate(String text, String[] literals, String[] names, int literalCount) {
        this.text = text;
        this.literals = literals;
        this.names = names;
        this.literalCount = literalCount;
    }

    static PathTemplate parse(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with '/': " + template);
        }
        String[] segments = segments(template);
        String[] literals = new String[segments.length];
        String[] names = new String[segments.length];
        int literalCount = 0;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}") && s.length() > 2) {
                names[i] = s.substring(1, s.length() - 1);
            } else if (s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("a placeholder must be a whole segment: " + template);
            } else {
                literals[i] = s;
                literalCount++;
            }
        }
        return new PathTemplate(template, literals, names, literalCount);
    }

    /** Splits a raw path into its segments; a trailing slash gives a last, empty segment. */
    static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    int size() {
        return literals.length;
    }

    int literalCount() {
        return literalCount;
    }

    String text() {
        return text;
    }

    /**
     * The decoded placeholder values when the raw segments match, else null; 400
     * {@code M_INVALID_PARAM} when a value is not percent-encoded UTF-8 or holds NUL.
     */
    Map<String, String> match(String[] rawSegments) throws MatrixException {
        if (rawSegments.length != literals.length) {
            return null;
        }
        for (int i = 0; i < literals.length; i++) {
            boolean last = i == literals.length - 1;
            // A last placeholder may be empty: a room's state key often is ("/state/m.room.name/").
            if (literals[i] != null ? !literals[i].equals(rawSegments[i]) : rawSegments[i].isEmpty() && !last) {
                return null;
            }
        }
        if (literalCount == literals.length) {
            return Map.of();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                params.put(names[i], PercentDecoding.segment(rawSegments[i]));
            }
        }
        return params;
    }

    List<String> placeholderNames() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
