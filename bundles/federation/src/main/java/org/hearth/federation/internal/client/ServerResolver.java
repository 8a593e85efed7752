package org.hearth.federation.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;
import org.hearth.api.Clock;
import org.hearth.api.federation.RemoteException;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.FederationSettings.HostPort;
import org.hearth.federation.internal.json.Json;

/**
 * Server discovery, step by step as "Resolving server names" (Server-Server API) says:
 * <ol>
 *   <li>an IP literal: that address, its port or 8448;</li>
 *   <li>a name with an explicit port: that name and port;</li>
 *   <li>{@code https://<name>/.well-known/matrix/server}: its {@code m.server} is the delegated
 *       name, then resolved as in 1, 2, SRV or 8448, the certificate for the delegated name;</li>
 *   <li>SRV {@code _matrix-fed._tcp.<name>}, then the deprecated {@code _matrix._tcp.<name>};</li>
 *   <li>the name, port 8448.</li>
 * </ol>
 * Before all of that, {@code federation.hosts} maps a server name to a fixed {@code host:port}
 * (closed networks and tests); the certificate must then name the server name's host.
 * Well-known answers are cached for a day, failures for an hour.
 */
public final class ServerResolver {
    static final int DEFAULT_PORT = 8448;
    private static final long WELL_KNOWN_TTL_MS = 24 * 3600_000L;
    private static final long WELL_KNOWN_FAILURE_TTL_MS = 3600_000L;

    /** What to ask DNS for SRV records; a test replaces it. */
    @FunctionalInterface
    public interface SrvLookup {
        /** Targets ordered by priority then weight: {host, port}. */
        List<HostPort> lookup(String name);
    }

    /** What to ask for a name's {@code .well-known/matrix/server}; a test replaces it. */
    @FunctionalInterface
    public interface WellKnownLookup {
        /** The valid {@code m.server} of the name, or empty for any failure. */
        Optional<String> delegation(String host);
    }

    private record Cached(Optional<String> delegated, long until) {}

    private final Map<ServerName, HostPort> hosts;
    private final WellKnownLookup wellKnownLookup;
    private final SrvLookup srv;
    private final Clock clock;
    private final Map<String, Cached> wellKnown = new ConcurrentHashMap<>();

    public ServerResolver(Map<ServerName, HostPort> hosts, WellKnownLookup wellKnownLookup, SrvLookup srv, Clock clock) {
        this.hosts = hosts;
        this.wellKnownLookup = wellKnownLookup;
        this.srv = srv;
        this.clock = clock;
    }

    public Target resolve(ServerName server) {
        String name = server.value();
        String host = hostOf(name);
        Integer port = portOf(name);
        HostPort fixed = hosts.get(server);
        if (fixed != null) {
            return new Target(fixed.host(), fixed.port(), unbracket(host), name);
        }
        if (WireClient.isIpLiteral(unbracket(host))) {
            return new Target(unbracket(host), port != null ? port : DEFAULT_PORT, unbracket(host), name);
        }
        if (port != null) {
            return new Target(host, port, host, name);
        }
        Optional<String> delegated = delegation(host);
        if (delegated.isPresent()) {
            String d = delegated.get();
            String dHost = hostOf(d);
            Integer dPort = portOf(d);
            if (WireClient.isIpLiteral(unbracket(dHost))) {
                return new Target(unbracket(dHost), dPort != null ? dPort : DEFAULT_PORT, unbracket(dHost), d);
            }
            if (dPort != null) {
                return new Target(dHost, dPort, dHost, d);
            }
            return viaSrv(dHost).orElse(new Target(dHost, DEFAULT_PORT, dHost, dHost));
        }
        return viaSrv(host).orElse(new Target(host, DEFAULT_PORT, host, host));
    }

    private Optional<Target> viaSrv(String host) {
        for (String prefix : List.of("_matrix-fed._tcp.", "_matrix._tcp.")) {
            List<HostPort> targets = srv.lookup(prefix + host);
            if (!targets.isEmpty()) {
                HostPort first = targets.get(0);
                return Optional.of(new Target(first.host(), first.port(), host, host));
            }
        }
        return Optional.empty();
    }

    /** The {@code m.server} of the name's {@code .well-known/matrix/server}, cached. */
    private Optional<String> delegation(String host) {
        long now = clock.millis();
        Cached cached = wellKnown.get(host);
        if (cached != null && cached.until > now) {
            return cached.delegated;
        }
        Optional<String> delegated = wellKnownLookup.delegation(host);
        wellKnown.put(host, new Cached(delegated, now + (delegated.isPresent() ? WELL_KNOWN_TTL_MS : WELL_KNOWN_FAILURE_TTL_MS)));
        return delegated;
    }

    /** {@code GET https://<host>/.well-known/matrix/server} with the wire client (redirects are not followed). */
    public static Optional<String> fetchWellKnown(WireClient wire, String host) {
        try {
            WireClient.Response r = wire.exchange(new Target(host, 443, host, host), "GET", "/.well-known/matrix/server",
                    List.of(), null);
            if (r.status() != 200) {
                return Optional.empty();
            }
            JsonNode json = Json.MAPPER.readTree(r.body());
            String server = json == null ? null : json.path("m.server").textValue();
            return server != null && ServerName.isValid(server) ? Optional.of(server) : Optional.empty();
        } catch (RemoteException | java.io.IOException e) {
            return Optional.empty(); // "If the response is invalid … continue to the next step"
        }
    }

    static String hostOf(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf(']') ? name.substring(0, colon) : name;
    }

    static Integer portOf(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf(']') ? Integer.valueOf(name.substring(colon + 1)) : null;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** SRV records through the JDK's DNS provider. */
    public static List<HostPort> dnsSrv(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(null); // the JDK's provider, not one of a bundle
        try {
            InitialDirContext dns = new InitialDirContext(env);
            try {
                Attribute records = dns.getAttributes(name, new String[] {"SRV"}).get("SRV");
                if (records == null) {
                    return List.of();
                }
                List<String[]> parsed = new ArrayList<>();
                NamingEnumeration<?> all = records.getAll();
                while (all.hasMore()) {
                    String[] f = all.next().toString().trim().split("\\s+"); // priority weight port target
                    if (f.length == 4) {
                        parsed.add(f);
                    }
                }
                parsed.sort(Comparator.<String[]>comparingInt(f -> Integer.parseInt(f[0]))
                        .thenComparing(f -> -Integer.parseInt(f[1])));
                List<HostPort> out = new ArrayList<>();
                for (String[] f : parsed) {
                    String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
                    if (!target.isEmpty()) { // "." means no service
                        out.add(new HostPort(target, Integer.parseInt(f[2])));
                    }
                }
                return out;
            } finally {
                dns.close();
            }
        } catch (NamingException | NumberFormatException e) {
            return List.of();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
