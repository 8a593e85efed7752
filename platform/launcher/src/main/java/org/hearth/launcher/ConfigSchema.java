package org.hearth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import org.hearth.api.id.ServerName;

/**
 * The keys of {@code conf/hearth.yaml} that the launcher itself owns, with their types: the
 * top-level {@code server_name}, {@code public_baseurl}, {@code data_dir} and {@code deploy_dir}.
 *
 * <p>Every other top-level key is a section that belongs to a bundle (PID
 * {@code hearth.<section>}); the bundle declares its keys in its metatype and
 * {@link SectionCheck} checks them against it.
 */
final class ConfigSchema {

    enum Type { STRING, URL, SERVER_NAME }

    static final Map<String, Type> KEYS = Map.of(
            "server_name", Type.SERVER_NAME,
            "public_baseurl", Type.URL,
            "data_dir", Type.STRING,
            "deploy_dir", Type.STRING);

    private final String file;

    ConfigSchema(String file) {
        this.file = file;
    }

    /** Checks the launcher's keys; sections are checked against their bundle's metatype later. */
    void check(JsonNode root) throws StartupFailure {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return; // an empty file: every default applies
        }
        if (!root.isObject()) {
            throw error("(top level)", "expected a mapping of keys to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Type type = KEYS.get(field.getKey());
            if (type != null) {
                checkValue(field.getKey(), type, field.getValue());
            }
        }
    }

    private void checkValue(String key, Type type, JsonNode value) throws StartupFailure {
        if (value.isNull()) {
            return; // same as absent: the default applies
        }
        switch (type) {
            case STRING -> require(key, value.isTextual(), "a string", value);
            case URL -> require(key, value.isTextual() && value.asText().matches("https?://[^/\\s]+(/\\S*)?"),
                    "an http:// or https:// URL", value);
            case SERVER_NAME -> require(key, value.isTextual() && ServerName.isValid(value.asText()),
                    "a server name: a DNS name or IP literal with an optional :port", value);
        }
    }

    private void require(String key, boolean ok, String expected, JsonNode value) throws StartupFailure {
        if (!ok) {
            throw error(key, "expected " + expected + ", found " + SectionCheck.describe(value));
        }
    }

    private StartupFailure error(String key, String problem) {
        return new StartupFailure(file + ": " + key + ": " + problem);
    }


    /** A declared section one or two letters away ({@code htp} for {@code http}): a typo, not a bundle's section. */
    static String nearest(String key, Collection<String> sections) {
        for (String section : sections) {
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
