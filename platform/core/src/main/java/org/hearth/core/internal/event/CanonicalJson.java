package org.hearth.core.internal.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.hearth.api.http.ClientJson;

/**
 * Canonical JSON (Appendices, "Signing JSON" → "Canonical JSON"): the shortest UTF-8 encoding,
 * object keys sorted by Unicode code point, no insignificant whitespace, only the escapes of the
 * appendix's grammar, numbers as integers without exponent or fraction, never {@code -0}.
 *
 * <p>{@link #STRICT} also enforces the number rules (integers in [-(2^53)+1, (2^53)-1], no
 * floats), as room versions 6 and later must ("v6 canonical JSON"); a number written with an
 * exponent but an integral value, such as {@code 1e10}, is that integer (the appendix's last
 * example). {@link #LENIENT} is for room versions 1 to 5, which "might not be fully compliant":
 * integers of any size, and floats written as the appendix's reference code writes them
 * ({@link LegacyFloat}).
 */
public final class CanonicalJson {
    public static final CanonicalJson STRICT = new CanonicalJson(true);
    public static final CanonicalJson LENIENT = new CanonicalJson(false);

    /**
     * Deepest value encoded. An event adds a few levels around what a client may send
     * ({@link ClientJson#MAX_DEPTH}); Jackson reads back up to 1000, so whatever is encoded here
     * is readable wherever it is stored or sent.
     */
    public static final int MAX_DEPTH = ClientJson.MAX_DEPTH + 10;

    private static final BigInteger MAX_INTEGER = BigInteger.valueOf(ClientJson.MAX_SAFE_INTEGER);
    private static final BigInteger MIN_INTEGER = MAX_INTEGER.negate();
    private static final Comparator<Map.Entry<String, JsonNode>> BY_CODE_POINT =
            (a, b) -> compareCodePoints(a.getKey(), b.getKey());

    private final boolean strict;

    private CanonicalJson(boolean strict) {
        this.strict = strict;
    }

    /** Whether the number rules are enforced. */
    public boolean isStrict() {
        return strict;
    }

    /**
     * The canonical UTF-8 bytes of a value.
     *
     * @throws NotCanonicalJsonException if the value has no canonical form under these rules
     */
    public byte[] encode(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out, new ArrayDeque<>());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void write(JsonNode node, StringBuilder out, Deque<String> path) {
        if (node.isContainerNode() && path.size() >= MAX_DEPTH) {
            throw error(path, "nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out, path);
            case ARRAY -> writeArray(node, out, path);
            case STRING -> writeString(node.textValue(), out, path);
            case NUMBER -> writeNumber(node, out, path);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw error(path, node.getNodeType() + " is not a JSON value");
        }
    }

    private void writeObject(JsonNode node, StringBuilder out, Deque<String> path) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.sort(BY_CODE_POINT);
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            Map.Entry<String, JsonNode> member = members.get(i);
            if (i > 0) {
                out.append(',');
            }
            path.addLast(member.getKey());
            writeString(member.getKey(), out, path);
            out.append(':');
            write(member.getValue(), out, path);
            path.removeLast();
        }
        out.append('}');
    }

    private void writeArray(JsonNode node, StringBuilder out, Deque<String> path) {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            path.addLast(Integer.toString(i));
            write(node.get(i), out, path);
            path.removeLast();
        }
        out.append(']');
    }

    /** The grammar's {@code string}: only {@code "}, {@code \} and C0 controls are escaped. */
    private static void writeString(String text, StringBuilder out, Deque<String> path) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // A lone surrogate is no Unicode code point and has no UTF-8 encoding.
                        throw error(path, String.format("string has a lone surrogate U+%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void writeNumber(JsonNode node, StringBuilder out, Deque<String> path) {
        if (node.isIntegralNumber()) {
            out.append(checkRange(node.bigIntegerValue(), node, path));
            return;
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw error(path, node + " is not a JSON number");
        }
        if (!strict) {
            out.append(LegacyFloat.format(value));
            return;
        }
        BigDecimal decimal = node.decimalValue();
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            throw error(path, node + " is not an integer");
        }
        out.append(checkRange(decimal.toBigInteger(), node, path));
    }

    private BigInteger checkRange(BigInteger value, JsonNode node, Deque<String> path) {
        if (strict && (value.compareTo(MIN_INTEGER) < 0 || value.compareTo(MAX_INTEGER) > 0)) {
            throw error(path, node + " is outside [-(2^53)+1, (2^53)-1]");
        }
        return value;
    }

    private static NotCanonicalJsonException error(Deque<String> path, String problem) {
        StringBuilder pointer = new StringBuilder();
        for (String segment : path) {
            pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return new NotCanonicalJsonException(pointer.toString(), problem);
    }

    /** Orders by code point, where {@link String#compareTo} orders by UTF-16 unit. */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(i);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
        }
        return Integer.compare(a.length(), b.length());
    }
}
