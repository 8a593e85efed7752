package org.hearth.federation.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.json.Json;

/**
 * The {@code Authorization: X-Matrix} header (Server-Server API, "Request Authentication"):
 * {@code X-Matrix origin="a.example",destination="b.example",key="ed25519:k",sig="…"}; parameter
 * names are case-insensitive, values may be quoted (RFC 9110 auth-param), and the signature
 * covers the JSON {@code {method, uri, origin, destination, content}}.
 *
 * @param destination null when the sender left it out (older servers)
 */
public record XMatrix(ServerName origin, ServerName destination, String keyId, String signature) {
    private static final int MAX_HEADER = 4096;

    /** The header's parameters, or empty when it is not a well-formed X-Matrix header. */
    public static Optional<XMatrix> parse(String header) {
        if (header == null || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "X-Matrix ", 0, 9)) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        String rest = h.substring(9);
        int i = 0;
        while (i < rest.length()) {
            while (i < rest.length() && (rest.charAt(i) == ' ' || rest.charAt(i) == ',')) {
                i++;
            }
            int eq = rest.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = rest.substring(i, eq).strip().toLowerCase();
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < rest.length() && rest.charAt(i) == '"') {
                i++;
                while (i < rest.length() && rest.charAt(i) != '"') {
                    char c = rest.charAt(i);
                    if (c == '\\' && i + 1 < rest.length()) {
                        c = rest.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
                if (i >= rest.length()) {
                    return Optional.empty(); // unterminated quote
                }
                i++;
            } else {
                while (i < rest.length() && rest.charAt(i) != ',') {
                    value.append(rest.charAt(i++));
                }
            }
            if (params.putIfAbsent(name, value.toString().strip()) != null) {
                return Optional.empty(); // a parameter twice is ambiguous
            }
        }
        String origin = params.get("origin");
        String destination = params.get("destination");
        String key = params.get("key");
        String sig = params.get("sig");
        if (origin == null || key == null || sig == null || !ServerName.isValid(origin)
                || (destination != null && !ServerName.isValid(destination))) {
            return Optional.empty();
        }
        return Optional.of(new XMatrix(new ServerName(origin), destination == null ? null : new ServerName(destination),
                key, sig));
    }

    /** The header value. */
    public String header() {
        return "X-Matrix origin=\"" + origin + "\",destination=\"" + destination + "\",key=\"" + keyId
                + "\",sig=\"" + signature + "\"";
    }

    /** The JSON the signature covers; {@code content} null for a request without a body. */
    public static ObjectNode signedJson(String method, String target, ServerName origin, ServerName destination,
                                        JsonNode content) {
        ObjectNode json = Json.object().put("method", method).put("uri", target).put("origin", origin.value());
        if (destination != null) {
            json.put("destination", destination.value());
        }
        if (content != null) {
            json.set("content", content);
        }
        return json;
    }
}
