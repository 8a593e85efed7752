package org.hearth.launcher;

import java.io.IOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Hearth server: the container started from a home directory ({@code system/},
 * {@code deploy/}, …) and a configuration file. Used by {@code bin/hearth} and by the testkit.
 */
public final class Hearth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hearth.class);
    private static final Set<String> PLATFORM_BUNDLES = Set.of("org.hearth.http", "org.hearth.core",
            "org.hearth.storage.sql");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How Felix SCR words the failure of a component whose reference's service could not be had. */
    private static final String UNSATISFIED_BY_ANOTHER = "Unable to get service for reference";

    private final Container container;
    private final URI baseUrl;
    private final HearthConfig config;

    private Hearth(Container container, URI baseUrl, HearthConfig config) {
        this.container = container;
        this.baseUrl = baseUrl;
        this.config = config;
    }

    /** Starts the server and returns once it answers HTTP requests. */
    public static Hearth start(Path home, Path configFile) throws StartupFailure {
        long begin = System.nanoTime();
        HearthConfig config = HearthConfig.load(configFile, home);
        checkPortsFree(config);
        Container container;
        try {
            container = Container.start(home, config);
        } catch (BundleException | IOException e) {
            throw new StartupFailure("Cannot start the container: " + e.getMessage(), e);
        } catch (StartupFailure e) {
            throw e; // a section that does not fit its bundle's metatype
        }
        String host = config.bindAddresses().get(0);
        String authority = host.contains(":") ? "[" + host + "]" : host;
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            authority = "127.0.0.1";
        }
        URI base = URI.create("http://" + authority + ":" + config.httpPort());
        try {
            awaitReady(base, container, config);
            // Checked once more when ready: a front door that could not listen (its port taken
            // after the check above) is a failed start even if another process answered the probe.
            checkPlatform(container, config);
        } catch (StartupFailure e) {
            container.stop();
            throw e;
        }
        LOG.info("Hearth ready on {} in {} ms (config {}, data {})", base,
                (System.nanoTime() - begin) / 1_000_000, config.file(), config.dataDir());
        return new Hearth(container, base, config);
    }

    /** Where this server listens, such as {@code http://127.0.0.1:8008}. */
    public URI baseUrl() {
        return baseUrl;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public Path deployDir() {
        return config.deployDir();
    }

    /**
     * The state of the bundle with this symbolic name ({@code ACTIVE}, {@code INSTALLED} for one
     * that does not resolve …), or empty when none is installed: for tests and diagnostics.
     */
    public Optional<String> bundleState(String symbolicName) {
        for (Bundle bundle : container.bundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return Optional.of(switch (bundle.getState()) {
                    case Bundle.INSTALLED -> "INSTALLED";
                    case Bundle.RESOLVED -> "RESOLVED";
                    case Bundle.STARTING -> "STARTING";
                    case Bundle.STOPPING -> "STOPPING";
                    case Bundle.ACTIVE -> "ACTIVE";
                    default -> "UNINSTALLED";
                });
            }
        }
        return Optional.empty();
    }

    /** The container's bundles, for the class data archive. */
    Bundle[] bundles() {
        return container.bundles();
    }

    /** Blocks until the container stops. */
    public void awaitStop() throws InterruptedException {
        container.awaitStop();
    }

    @Override
    public void close() {
        container.stop();
    }

    /** A port in use would otherwise surface as a failed component deep in the log. */
    private static void checkPortsFree(HearthConfig config) throws StartupFailure {
        if (config.httpPort() < 0) {
            return; // not a port: the check of the http section names it
        }
        for (String address : config.bindAddresses()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(address, config.httpPort()));
            } catch (BindException e) {
                throw new StartupFailure(config.file() + ": http.port: port " + config.httpPort() + " on "
                        + address + " is already in use (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw new StartupFailure(config.file() + ": http.bind_addresses: cannot listen on " + address
                        + ": " + e.getMessage());
            }
        }
    }

    /**
     * Ready means the core's routes answer through the HTTP front door, including those that
     * need storage (GET /login).
     */
    private static void awaitReady(URI base, Container container, HearthConfig config) throws StartupFailure {
        awaitOk(base.resolve("/_matrix/client/versions"), container, config);
        awaitOk(base.resolve("/_matrix/client/v3/login"), container, config);
    }

    /**
     * A component of the platform (HTTP front door, core, storage) that failed to activate fails
     * the start with its reason (an unreachable database, a port taken); the server is not ready
     * without it. Optional bundles (federation, LDAP, media…) say themselves that they are off,
     * and the server runs on without them.
     */
    private static void checkPlatform(Container container, HearthConfig config) throws StartupFailure {
        List<String> failed = container.failedComponents(PLATFORM_BUNDLES);
        if (failed.isEmpty()) {
            return;
        }
        // The components that failed for want of another's service follow from those that failed
        // on their own: a wrong database.url is one reason, not 170.
        List<String> reasons = failed.stream().filter(f -> !f.contains(UNSATISFIED_BY_ANOTHER)).toList();
        if (reasons.isEmpty()) {
            reasons = failed;
        }
        int following = failed.size() - reasons.size();
        throw new StartupFailure(config.file() + ": " + reasons.size() + " component(s) failed to start: "
                + String.join("; ", reasons)
                + (following == 0 ? "" : " (and " + following + " component(s) that need what failed did not start)"));
    }

    private static void awaitOk(URI probe, Container container, HearthConfig config) throws StartupFailure {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long nextCheck = 0;
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() > nextCheck) {
                checkPlatform(container, config);
                nextCheck = System.nanoTime() + 500_000_000L;
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) probe.toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupFailure("Interrupted while waiting for the server to start");
            }
        }
        StringBuilder states = new StringBuilder();
        for (Bundle b : container.bundles()) {
            if (b.getState() != Bundle.ACTIVE && b.getHeaders().get("Fragment-Host") == null) {
                states.append(' ').append(b.getSymbolicName()).append('=').append(b.getState());
            }
        }
        throw new StartupFailure("The server did not answer on " + probe + " within " + READY_TIMEOUT.toSeconds()
                + " s; bundles not active:" + (states.length() == 0 ? " none" : states) + " (see the log)");
    }
}
