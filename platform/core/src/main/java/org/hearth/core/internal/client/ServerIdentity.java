package org.hearth.core.internal.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.hearth.api.config.ConfigException;
import org.hearth.api.config.Settings;

/**
 * Who this server is: {@code server_name} and {@code public_baseurl}, from the top level of
 * {@code conf/hearth.yaml} (PID {@code hearth.server}).
 */
record ServerIdentity(String serverName, URI publicBaseUrl, String federationAddress) {

    static ServerIdentity from(Map<String, Object> properties) {
        Settings settings = new Settings("server", properties);
        String serverName = settings.string("server_name", "localhost");
        String base = settings.string("public_baseurl", "http://" + serverName + ":8008/");
        URI url;
        try {
            url = new URI(base.endsWith("/") ? base : base + "/");
        } catch (URISyntaxException e) {
            throw new ConfigException("public_baseurl: not a URL: " + base);
        }
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new ConfigException("public_baseurl: expected an http:// or https:// URL, found \"" + base + "\"");
        }
        // Other servers reach this one at the public host, on the public port or else 443
        // (Server-Server API, "Resolving server names").
        String federation = url.getHost() + ":" + (url.getPort() > 0 ? url.getPort() : 443);
        return new ServerIdentity(serverName, url, federation);
    }
}
