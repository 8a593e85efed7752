package org.hearth.api.id;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A server name (appendices, "Server Name"): a DNS name, an IPv4 literal or a bracketed IPv6
 * literal, optionally followed by {@code :port}.
 */
public record ServerName(String value) {
    private static final Pattern DNS = Pattern.compile("[A-Za-z0-9.-]{1,255}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");

    public ServerName {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid server name: " + value);
        }
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            return false;
        }
        String host = name;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            String port = name.substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                return false;
            }
            host = name.substring(0, colon);
        }
        return IPV6.matcher(host).matches() || IPV4.matcher(host).matches() || DNS.matcher(host).matches();
    }

    /** As the spec writes it; also its JSON form. */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
