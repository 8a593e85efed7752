package org.hearth.federation.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hearth.api.http.ClientJson;

/**
 * Canonical JSON (Appendices, "Canonical JSON") of what this bundle checks signatures on: request
 * authentication objects and key responses. Keys sorted by code point, no whitespace, only the
 * grammar's escapes, integers without exponent. The appendix has no floats, but the body of a
 * signed request may hold one (a PDU of an old room version, or one a server sends to be refused):
 * it is written as its plain decimal text, as other servers' encoders do, so the request's
 * signature can still be checked and the PDU judged on its own by core.
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /**
     * @throws IllegalArgumentException when the value has no canonical form
     */
    public static byte[] encode(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode value, StringBuilder out, int depth) {
        if (depth > ClientJson.MAX_DEPTH + 10) {
            throw new IllegalArgumentException("nested too deeply");
        }
        switch (value.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    fields.add(it.next());
                }
                fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
                out.append('{');
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(fields.get(i).getKey(), out);
                    out.append(':');
                    write(fields.get(i).getValue(), out, depth + 1);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(value.get(i), out, depth + 1);
                }
                out.append(']');
            }
            case STRING -> string(value.textValue(), out);
            case BOOLEAN -> out.append(value.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                BigDecimal number = value.decimalValue();
                if (number.signum() == 0) {
                    out.append('0'); // never -0
                } else if (value.canConvertToExactIntegral()) {
                    out.append(number.toBigIntegerExact());
                } else {
                    out.append(number.toPlainString()); // as other servers write a float they signed
                }
            }
            default -> throw new IllegalArgumentException("not JSON: " + value.getNodeType());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
