package org.hearth.api;

import java.net.URI;
import java.nio.file.Path;
import org.hearth.api.id.ServerName;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who this server is, for bundles: the top-level keys of {@code conf/hearth.yaml}
 * ({@code server_name}, {@code public_baseurl}, {@code data_dir}). Provided by core.
 */
@ProviderType
public interface HomeServer {
    /** The domain in this server's user IDs and aliases. */
    ServerName name();

    /** The URL clients reach this server at, ending in '/'. */
    URI publicBaseUrl();

    /**
     * The data directory (private to the server's user). A bundle keeps its files in a
     * directory of its own beneath it, named after the bundle.
     */
    Path dataDir();
}
