package org.hearth.federation.internal;

import java.util.List;
import java.util.regex.Pattern;
import org.hearth.api.id.ServerName;

/**
 * {@code federation.allowed_servers} and {@code federation.denied_servers}: server names, or
 * patterns with {@code *} (any characters) and {@code ?} (one), as in {@code m.room.server_acl}.
 * A server is federated with when no deny pattern matches it and, if any allow pattern is
 * given, one of them does.
 */
public final class ServerPolicy {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9.:\\[\\]*?-]{1,255}");

    private final List<Pattern> allowed;
    private final List<Pattern> denied;

    public ServerPolicy(List<String> allowed, List<String> denied) {
        this.allowed = allowed.stream().map(ServerPolicy::glob).toList();
        this.denied = denied.stream().map(ServerPolicy::glob).toList();
    }

    static boolean isPattern(String text) {
        return VALID.matcher(text).matches();
    }

    public boolean allows(ServerName server) {
        String name = server.value();
        if (denied.stream().anyMatch(p -> p.matcher(name).matches())) {
            return false;
        }
        return allowed.isEmpty() || allowed.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
