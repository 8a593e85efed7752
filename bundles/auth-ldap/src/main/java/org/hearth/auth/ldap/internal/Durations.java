package org.hearth.auth.ldap.internal;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearth.api.config.ConfigException;

/** Reads durations written as {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}, or whole seconds. */
final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    static Duration read(Map<String, ?> properties, String section, String key, Duration fallback) {
        Object value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Long || value instanceof Integer) {
            long seconds = ((Number) value).longValue();
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        }
        if (value instanceof String s) {
            Matcher m = TEXT.matcher(s.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                // bare digits are seconds (a YAML number arrives as text: the key is declared a string)
                return switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
        }
        String found = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        throw new ConfigException(section + "." + key + ": expected a duration such as 30s, 15m or 1h, found " + found);
    }
}
