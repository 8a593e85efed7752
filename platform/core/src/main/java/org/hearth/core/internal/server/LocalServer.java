package org.hearth.core.internal.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.hearth.api.HomeServer;
import org.hearth.api.config.ConfigException;
import org.hearth.api.id.ServerName;
import org.hearth.api.id.UserId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Who this server is: {@code server_name}, {@code public_baseurl} and {@code data_dir} from
 * the top level of {@code conf/hearth.yaml} (PID {@code hearth.server}).
 */
@Component(service = {LocalServer.class, HomeServer.class}, configurationPid = "hearth.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class LocalServer implements HomeServer {
    private final ServerName name;
    private final URI publicBaseUrl;
    private final Path dataDir;

    @Activate
    public LocalServer(ServerConfig config) {
        String serverName = config.server__name();
        if (!ServerName.isValid(serverName)) {
            throw new ConfigException("server_name: not a valid server name: " + serverName);
        }
        name = new ServerName(serverName);
        String base = config.public__baseurl() != null ? config.public__baseurl() : "http://" + serverName + ":8008/";
        try {
            publicBaseUrl = new URI(base.endsWith("/") ? base : base + "/");
        } catch (URISyntaxException e) {
            throw new ConfigException("public_baseurl: not a URL: " + base);
        }
        dataDir = Path.of(config.data__dir());
    }

    @Override
    public ServerName name() {
        return name;
    }

    /** The public base URL, always ending in '/'. */
    @Override
    public URI publicBaseUrl() {
        return publicBaseUrl;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Other servers reach this one at the public host, on the public port or else 443
     * (Server-Server API, "Resolving server names").
     */
    public String federationAddress() {
        return publicBaseUrl.getHost() + ":" + (publicBaseUrl.getPort() > 0 ? publicBaseUrl.getPort() : 443);
    }

    /** A local user ID for the localpart, if it is a valid one. */
    public Optional<UserId> user(String localpart) {
        try {
            return Optional.of(new UserId(localpart, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean isLocal(UserId userId) {
        return userId.server().equals(name);
    }
}
