package org.hearth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hearth.api.id.ServerName;

/**
 * The keys of {@code conf/hearth.yaml} that the platform itself owns, with their types.
 *
 * <p>Any other top-level key must be a section (a mapping) that belongs to a bundle, such as
 * {@code auth_ldap:}; it is kept and handed to the bundle whenever it arrives, so its keys are
 * checked by that bundle. A section name one or two letters away from a platform section
 * ({@code htp:}) is taken for a typo, not for a bundle.
 */
final class ConfigSchema {

    enum Type { STRING, BOOLEAN, PORT, POSITIVE_INT, POSITIVE_NUMBER, STRING_LIST, URL, SERVER_NAME }

    static final Map<String, Type> KEYS;

    static {
        Map<String, Type> keys = new LinkedHashMap<>();
        keys.put("server_name", Type.SERVER_NAME);
        keys.put("public_baseurl", Type.URL);
        keys.put("data_dir", Type.STRING);
        keys.put("deploy_dir", Type.STRING);
        keys.put("http.bind_addresses", Type.STRING_LIST);
        keys.put("http.port", Type.PORT);
        keys.put("http.max_request_bytes", Type.POSITIVE_INT);
        keys.put("http.io_threads", Type.POSITIVE_INT);
        keys.put("http.worker_threads", Type.POSITIVE_INT);
        keys.put("database.url", Type.STRING);
        keys.put("database.user", Type.STRING);
        keys.put("database.password", Type.STRING);
        keys.put("database.pool_size", Type.POSITIVE_INT);
        keys.put("registration.enabled", Type.BOOLEAN);
        keys.put("registration.shared_secret", Type.STRING);
        keys.put("registration.tokens", Type.STRING_LIST);
        keys.put("accounts.refreshable_access_token_lifetime_ms", Type.POSITIVE_INT);
        keys.put("rate_limits.enabled", Type.BOOLEAN);
        keys.put("rate_limits.exempt_users", Type.STRING_LIST);
        for (String limit : new String[] {"login", "registration", "message", "room_creation", "join", "invite",
                "state", "profile", "password_check", "media_upload", "keys"}) {
            keys.put("rate_limits." + limit + ".per_second", Type.POSITIVE_NUMBER);
            keys.put("rate_limits." + limit + ".burst", Type.POSITIVE_INT);
        }
        keys.put("e2ee.verify_device_keys", Type.BOOLEAN);
        KEYS = Map.copyOf(keys);
    }

    /** Top-level sections whose keys the platform checks. */
    static final Set<String> PLATFORM_SECTIONS = Set.of("http", "database", "registration", "accounts", "rate_limits",
            "e2ee");

    private final String file;

    ConfigSchema(String file) {
        this.file = file;
    }

    /** Checks every platform key; bundle sections are only checked to be mappings. */
    void check(JsonNode root) throws StartupFailure {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file: every default applies
        }
        if (!root.isObject()) {
            throw error("(top level)", "expected a mapping of keys to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (PLATFORM_SECTIONS.contains(key)) {
                checkSection(key, value);
            } else if (KEYS.containsKey(key)) {
                checkValue(key, KEYS.get(key), value);
            } else if (value.isObject()) {
                String near = nearestPlatformSection(key);
                if (near != null) {
                    throw error(key, "unknown section (did you mean '" + near + "'?)");
                }
            } else {
                throw error(key, "unknown key");
            }
        }
    }

    private void checkSection(String section, JsonNode value) throws StartupFailure {
        if (value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            throw error(section, "expected a section (a mapping of keys), found " + describe(value));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = section + "." + field.getKey();
            Type type = KEYS.get(key);
            if (type != null) {
                checkValue(key, type, field.getValue());
            } else if (KEYS.keySet().stream().anyMatch(k -> k.startsWith(key + "."))) {
                checkSection(key, field.getValue());
            } else {
                throw error(key, "unknown key");
            }
        }
    }

    private void checkValue(String key, Type type, JsonNode value) throws StartupFailure {
        if (value.isNull()) {
            return; // same as absent: the default applies
        }
        switch (type) {
            case STRING -> require(key, value.isTextual(), "a string", value);
            case BOOLEAN -> require(key, value.isBoolean(), "true or false", value);
            case PORT -> require(key, value.isIntegralNumber() && value.asLong() >= 1 && value.asLong() <= 65535,
                    "a port number from 1 to 65535", value);
            case POSITIVE_INT -> require(key, value.isIntegralNumber() && value.asLong() >= 1
                    && value.asLong() <= Integer.MAX_VALUE, "a whole number above 0", value);
            case POSITIVE_NUMBER -> require(key, value.isNumber() && value.asDouble() > 0,
                    "a number above 0", value);
            case STRING_LIST -> {
                boolean ok = value.isArray();
                for (JsonNode item : value) {
                    ok &= item.isTextual();
                }
                require(key, ok, "a list of strings", value);
            }
            case URL -> require(key, value.isTextual() && value.asText().matches("https?://[^/\\s]+(/\\S*)?"),
                    "an http:// or https:// URL", value);
            case SERVER_NAME -> require(key, value.isTextual() && ServerName.isValid(value.asText()),
                    "a server name: a DNS name or IP literal with an optional :port", value);
        }
    }

    private void require(String key, boolean ok, String expected, JsonNode value) throws StartupFailure {
        if (!ok) {
            throw error(key, "expected " + expected + ", found " + describe(value));
        }
    }

    private StartupFailure error(String key, String problem) {
        return new StartupFailure(file + ": " + key + ": " + problem);
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.asText() + "\"";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        return value.isArray() ? "a list " + value : value.toString();
    }

    private static String nearestPlatformSection(String key) {
        for (String section : PLATFORM_SECTIONS) {
            if (editDistance(key, section) <= 2) {
                return section;
            }
        }
        return null;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
