package org.hearth.core.internal.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * A room's {@code m.room.server_acl} (Client-Server API, "Server Access Control Lists"): a server
 * is denied when it matches a {@code deny} glob, or matches no {@code allow} glob, or is an IP
 * literal while {@code allow_ip_literals} is false. Globs match the server name without its port;
 * {@code *} is any run of characters and {@code ?} one character.
 */
final class ServerAcl {
    /** The room has no ACL: every server is allowed. */
    static final ServerAcl NONE = new ServerAcl(null);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final JsonNode content;

    ServerAcl(JsonNode content) {
        this.content = content;
    }

    boolean allows(String serverName) {
        if (content == null) {
            return true;
        }
        String host = hostOf(serverName);
        if (!content.path("allow_ip_literals").asBoolean(true) && (host.startsWith("[") || IPV4.matcher(host).matches())) {
            return false;
        }
        if (matchesAny(content.path("deny"), host)) {
            return false;
        }
        return matchesAny(content.path("allow"), host);
    }

    private static String hostOf(String serverName) {
        if (serverName.startsWith("[")) {
            int end = serverName.indexOf(']');
            return end < 0 ? serverName : serverName.substring(0, end + 1);
        }
        int colon = serverName.lastIndexOf(':');
        return colon < 0 ? serverName : serverName.substring(0, colon);
    }

    private static boolean matchesAny(JsonNode globs, String host) {
        if (!globs.isArray()) {
            return false;
        }
        for (JsonNode glob : globs) {
            if (glob.isTextual() && glob(glob.asText()).matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }
}
