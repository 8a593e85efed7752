package org.hearth.auth.ldap.internal;

import java.net.URI;
import java.net.URISyntaxException;
import org.hearth.api.config.ConfigException;

/**
 * One directory server from {@code auth_ldap.uris}: {@code ldap://host[:port]} (plain, or
 * StartTLS with {@code start_tls}) or {@code ldaps://host[:port]} (TLS from the first byte).
 */
record LdapUri(String host, int port, boolean ldaps) {

    static LdapUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw invalid(text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps") || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
            throw invalid(text);
        }
        boolean secure = scheme.equals("ldaps");
        int port = uri.getPort() == -1 ? (secure ? 636 : 389) : uri.getPort();
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new LdapUri(host, port, secure);
    }

    private static ConfigException invalid(String text) {
        return new ConfigException("auth_ldap.uris: \"" + text
                + "\" is not an LDAP server URI such as ldap://ldap.example.org or ldaps://dc1.example.org:636");
    }

    @Override
    public String toString() {
        return (ldaps ? "ldaps://" : "ldap://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
