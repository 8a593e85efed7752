package org.hearth.federation.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearth.api.id.ServerName;
import org.hearth.federation.internal.FederationSettings.HostPort;
import org.junit.jupiter.api.Test;

/** Discovery's steps without a network: .well-known and SRV answers given by the test. */
class ServerResolverTest {
    private final List<String> srvAsked = new ArrayList<>();
    private ServerResolver resolver(Map<String, List<HostPort>> srv) {
        return resolver(srv, Map.of());
    }

    private ServerResolver resolver(Map<String, List<HostPort>> srv, Map<String, String> wellKnown) {
        return new ServerResolver(Map.of(new ServerName("closed.example"), new HostPort("10.0.0.5", 9448)),
                host -> Optional.ofNullable(wellKnown.get(host)), name -> {
                    srvAsked.add(name);
                    return srv.getOrDefault(name, List.of());
                }, System::currentTimeMillis);
    }

    @Test
    void ipLiteralsAndExplicitPortsSkipDiscovery() {
        ServerResolver r = resolver(Map.of());
        assertEquals(new Target("1.2.3.4", 8448, "1.2.3.4", "1.2.3.4"), r.resolve(new ServerName("1.2.3.4")));
        assertEquals(new Target("::1", 9000, "::1", "[::1]:9000"), r.resolve(new ServerName("[::1]:9000")));
        assertEquals(new Target("matrix.example", 8449, "matrix.example", "matrix.example:8449"),
                r.resolve(new ServerName("matrix.example:8449")));
        assertEquals(List.of(), srvAsked);
    }

    @Test
    void theHostsMapComesFirst() {
        assertEquals(new Target("10.0.0.5", 9448, "closed.example", "closed.example"),
                resolver(Map.of()).resolve(new ServerName("closed.example")));
    }

    @Test
    void srvMatrixFedThenTheDeprecatedMatrixThenPort8448() {
        Target fed = resolver(Map.of("_matrix-fed._tcp.a.example", List.of(new HostPort("fed.a.example", 443))))
                .resolve(new ServerName("a.example"));
        assertEquals(new Target("fed.a.example", 443, "a.example", "a.example"), fed);

        Target old = resolver(Map.of("_matrix._tcp.b.example", List.of(new HostPort("old.b.example", 8000))))
                .resolve(new ServerName("b.example"));
        assertEquals(new Target("old.b.example", 8000, "b.example", "b.example"), old);
        assertEquals(List.of("_matrix-fed._tcp.a.example", "_matrix-fed._tcp.b.example", "_matrix._tcp.b.example"), srvAsked);

        assertEquals(new Target("c.example", 8448, "c.example", "c.example"),
                resolver(Map.of()).resolve(new ServerName("c.example")));
    }

    @Test
    void aWellKnownDelegationIsResolvedInTurn() {
        Map<String, String> wellKnown = Map.of("d.example", "1.2.3.4", "e.example", "matrix.e.example:443",
                "f.example", "matrix.f.example", "g.example", "matrix.g.example");
        Map<String, List<HostPort>> srv = Map.of("_matrix-fed._tcp.matrix.f.example", List.of(new HostPort("srv.f.example", 8008)));
        ServerResolver r = resolver(srv, wellKnown);
        assertEquals(new Target("1.2.3.4", 8448, "1.2.3.4", "1.2.3.4"), r.resolve(new ServerName("d.example")));
        assertEquals(new Target("matrix.e.example", 443, "matrix.e.example", "matrix.e.example:443"),
                r.resolve(new ServerName("e.example")));
        assertEquals(new Target("srv.f.example", 8008, "matrix.f.example", "matrix.f.example"),
                r.resolve(new ServerName("f.example")), "SRV of the delegated name; certificate for the delegated name");
        assertEquals(new Target("matrix.g.example", 8448, "matrix.g.example", "matrix.g.example"),
                r.resolve(new ServerName("g.example")));
    }
}
