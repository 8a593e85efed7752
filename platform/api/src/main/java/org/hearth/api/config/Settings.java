package org.hearth.api.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of one configuration section.
 *
 * <p>The launcher hands each top-level section of {@code conf/hearth.yaml} to ConfigAdmin under
 * the PID {@code hearth.<section>}; nested keys are joined with dots, so
 * {@code auth_ldap: {attributes: {localpart: uid}}} arrives as {@code attributes.localpart}
 * under the PID {@code hearth.auth_ldap}.
 *
 * <p>A bundle declares its keys as a metatype {@code @ObjectClassDefinition} designated for its
 * PID, which the launcher checks the section against, and usually takes that annotation typed
 * in {@code @Activate} (see the README, "Adding a bundle"). This class reads the properties map
 * where a type cannot say it all (a mapping such as {@code auth_ldap.sync.group_rooms}); a wrong
 * value throws a {@link ConfigException} naming {@code section.key}.
 */
public final class Settings {
    private final String section;
    private final Map<String, ?> values;

    public Settings(String section, Map<String, ?> values) {
        this.section = section;
        this.values = values;
    }

    public String section() {
        return section;
    }

    public Optional<String> string(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw wrong(key, "a string", value);
    }

    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    public long number(String key, long fallback, long min, long max) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || value instanceof Double || value instanceof Float) {
            throw wrong(key, "a whole number", value);
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new ConfigException(section + "." + key + ": " + v + " is out of range, expected " + min + " to " + max);
        }
        return v;
    }

    public double decimal(String key, double fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw wrong(key, "a number", value);
    }

    public boolean flag(String key, boolean fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw wrong(key, "true or false", value);
    }

    public List<String> strings(String key, List<String> fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        Collection<?> items;
        if (value instanceof Object[] array) {
            items = Arrays.asList(array);
        } else if (value instanceof Collection<?> c) {
            items = c;
        } else {
            throw wrong(key, "a list of strings", value);
        }
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof String s)) {
                throw wrong(key, "a list of strings", value);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    private ConfigException wrong(String key, String expected, Object actual) {
        return new ConfigException(section + "." + key + ": expected " + expected + ", found " + describe(actual));
    }

    private static String describe(Object value) {
        if (value instanceof Object[] array) {
            return "a list " + Arrays.toString(array);
        }
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
