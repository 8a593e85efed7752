package org.hearth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks one section of {@code conf/hearth.yaml} against the metatype of the bundle that declares
 * it, and turns it into ConfigAdmin properties with the declared types.
 *
 * <p>Mapping of YAML to attribute IDs: nested keys are joined with dots, so
 * {@code rate_limits: {login: {per_second: 1}}} is the attribute {@code login.per_second} of PID
 * {@code hearth.rate_limits}. A bundle declares such an attribute with the naming rule of DS
 * component property types and metatype annotations, where {@code _} stands for a dot and
 * {@code __} for an underscore: {@code double login_per__second()}. A YAML mapping found where an
 * attribute is declared is a map of that attribute's type, handed over as {@code id.<key>}
 * entries (auth_ldap's {@code sync.group_rooms: {"cn=staff,…": "#staff:…"}}).
 *
 * <p>Types: whole numbers for Integer/Long/Short/Byte (within their range and the declared
 * min/max), numbers for Double/Float, true/false for Boolean, any scalar for String and
 * Password (a number is handed over as its text); an attribute with a cardinality takes a list.
 */
final class SectionCheck {
    // org.osgi.service.metatype.AttributeDefinition type constants (the launcher does not share that API)
    static final int STRING = 1;
    static final int LONG = 2;
    static final int INTEGER = 3;
    static final int SHORT = 4;
    static final int CHARACTER = 5;
    static final int BYTE = 6;
    static final int DOUBLE = 7;
    static final int FLOAT = 8;
    static final int BOOLEAN = 11;
    static final int PASSWORD = 12;

    /** A value that does not fit: the full dotted key ({@code http.port}) and what is wrong. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        final String key;

        Problem(String key, String problem) {
            super(problem);
            this.key = key;
        }

        /** The one line an operator reads: {@code FILE: http.port: expected …}. */
        String line(Object file) {
            return file + ": " + key + ": " + getMessage();
        }
    }

    private SectionCheck() {
    }

    /** The properties of the section, or the first problem (keys in file order). */
    static Hashtable<String, Object> check(String section, JsonNode value, SectionSchema schema) throws Problem {
        Hashtable<String, Object> props = new Hashtable<>();
        if (value == null || value.isNull()) {
            return props;
        }
        if (!value.isObject()) {
            throw new Problem(section, "expected a section (a mapping of keys), found " + describe(value));
        }
        walk(section, "", value, schema, props);
        return props;
    }

    private static void walk(String section, String prefix, JsonNode node, SectionSchema schema,
                             Hashtable<String, Object> into) throws Problem {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String id = prefix + field.getKey();
            JsonNode value = field.getValue();
            SectionSchema.Attribute attribute = schema.attribute(id);
            if (value.isNull()) {
                if (attribute == null && !schema.hasKeysUnder(id)) {
                    throw new Problem(section + "." + id, "unknown key");
                }
                continue; // the same as absent: the default applies
            }
            if (attribute != null && value.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    String key = id + "." + entry.getKey();
                    if (!entry.getValue().isNull()) {
                        into.put(key, convert(section + "." + key, attribute, entry.getValue()));
                    }
                }
            } else if (attribute != null) {
                into.put(id, convert(section + "." + id, attribute, value));
            } else if (value.isObject() && schema.hasKeysUnder(id)) {
                walk(section, id + ".", value, schema, into);
            } else {
                throw new Problem(section + "." + id, "unknown key");
            }
        }
    }

    private static Object convert(String key, SectionSchema.Attribute attribute, JsonNode value) throws Problem {
        if (attribute.cardinality() == 0) {
            return scalar(key, attribute, value, value, phrase(attribute));
        }
        String list = "a list of " + plural(attribute);
        if (!value.isArray()) {
            throw expected(key, list, value);
        }
        Object array = Array.newInstance(javaType(attribute.type()), value.size());
        for (int i = 0; i < value.size(); i++) {
            Array.set(array, i, scalar(key, attribute, value.get(i), value, list));
        }
        return array;
    }

    /** One value; {@code whole} and {@code what} are for the message (the list, for an item of a list). */
    private static Object scalar(String key, SectionSchema.Attribute a, JsonNode value, JsonNode whole, String what)
            throws Problem {
        switch (a.type()) {
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw expected(key, what, whole);
                }
                return value.booleanValue();
            }
            case LONG, INTEGER, SHORT, BYTE -> {
                if (!value.isIntegralNumber() || !inRange(value.decimalValue(), a)) {
                    throw expected(key, what, whole);
                }
                long v = value.longValue();
                return switch (a.type()) {
                    case LONG -> v;
                    case INTEGER -> (int) v;
                    case SHORT -> (short) v;
                    default -> (byte) v;
                };
            }
            case DOUBLE, FLOAT -> {
                if (!value.isNumber() || !inRange(value.decimalValue(), a)) {
                    throw expected(key, what, whole);
                }
                return a.type() == DOUBLE ? (Object) value.doubleValue() : (Object) value.floatValue();
            }
            case CHARACTER -> {
                if (!value.isTextual() || value.asText().length() != 1) {
                    throw expected(key, what, whole);
                }
                return value.asText().charAt(0);
            }
            default -> {
                if (!value.isValueNode()) {
                    throw expected(key, what, whole);
                }
                return value.asText();
            }
        }
    }

    /** Within the type's own range and the declared min and max. */
    private static boolean inRange(BigDecimal v, SectionSchema.Attribute a) {
        BigDecimal min = bound(a.min());
        BigDecimal max = bound(a.max());
        BigDecimal typeMax = switch (a.type()) {
            case INTEGER -> BigDecimal.valueOf(Integer.MAX_VALUE);
            case SHORT -> BigDecimal.valueOf(Short.MAX_VALUE);
            case BYTE -> BigDecimal.valueOf(Byte.MAX_VALUE);
            case LONG -> BigDecimal.valueOf(Long.MAX_VALUE);
            default -> null;
        };
        return (min == null || v.compareTo(min) >= 0) && (max == null || v.compareTo(max) <= 0)
                && (typeMax == null || v.abs().compareTo(typeMax) <= 0);
    }

    private static BigDecimal bound(String text) {
        try {
            return text == null || text.isBlank() ? null : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What an attribute expects, in words: "a whole number from 1 to 65535". */
    static String phrase(SectionSchema.Attribute a) {
        String kind = switch (a.type()) {
            case BOOLEAN -> "true or false";
            case LONG, INTEGER, SHORT, BYTE -> "a whole number";
            case DOUBLE, FLOAT -> "a number";
            case CHARACTER -> "one character";
            default -> "a string";
        };
        boolean hasMin = bound(a.min()) != null;
        boolean hasMax = bound(a.max()) != null;
        if (hasMin && hasMax) {
            return kind + " from " + a.min().trim() + " to " + a.max().trim();
        }
        if (hasMin) {
            return kind + " of at least " + a.min().trim();
        }
        return hasMax ? kind + " of at most " + a.max().trim() : kind;
    }

    private static String plural(SectionSchema.Attribute a) {
        return a.type() == STRING || a.type() == PASSWORD ? "strings" : "values, each " + phrase(a);
    }

    private static Class<?> javaType(int type) {
        return switch (type) {
            case BOOLEAN -> Boolean.class;
            case LONG -> Long.class;
            case INTEGER -> Integer.class;
            case SHORT -> Short.class;
            case BYTE -> Byte.class;
            case DOUBLE -> Double.class;
            case FLOAT -> Float.class;
            case CHARACTER -> Character.class;
            default -> String.class;
        };
    }

    private static Problem expected(String key, String what, JsonNode found) {
        return new Problem(key, "expected " + what + ", found " + describe(found));
    }

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.asText() + "\"";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return value.isArray() ? "a list " + value : value.toString();
    }
}
