package org.hearth.itest.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Ports;
import org.hearth.testkit.PostgresDatabase;
import org.hearth.testkit.Reply;
import org.hearth.testkit.TestCa;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Several Hearth servers, each its own operating-system process started with the distribution's
 * {@code bin/hearth}, federating over TLS on loopback: distinct server names, client and
 * federation ports chosen free, {@code federation.hosts} naming every other member, certificates
 * from a CA the test makes ({@code federation.ca_file}, verification on), the federation bundle
 * in each server's own {@code deploy/}. Booted once per test class (a JUnit extension); members
 * can be killed, restarted from the same data directory, and lose or regain the bundle.
 */
final class HearthCluster implements BeforeAllCallback, AfterAllCallback {
    /** Generous: three JVMs boot at once on a shared machine. */
    private static final Duration BOOT = Duration.ofSeconds(240);
    /** Three servers share the test machine: small heaps, and the quick compiler (they run briefly). */
    private static final String JAVA_OPTS = "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private final TestCa ca = TestCa.create("Hearth cluster test CA");
    private final FederationHttp probe = new FederationHttp(ca);
    private final Map<String, Supplier<PostgresDatabase>> databases = new LinkedHashMap<>();
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<String> names;
    private final List<String> playedNames = new ArrayList<>();
    private final Map<String, PlayedServer> played = new LinkedHashMap<>();

    HearthCluster(String... names) {
        this.names = List.of(names);
    }

    /** The member stores on PostgreSQL (a database extension registered before this one). */
    HearthCluster onPostgres(String name, Supplier<PostgresDatabase> database) {
        databases.put(name, database);
        return this;
    }

    /** A configuration key set on every member. */
    HearthCluster with(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    Member member(String name) {
        return members.get(name);
    }

    /** A server the test plays ({@link PlayedServer}), with a certificate of the cluster's CA, named in every member's hosts. */
    HearthCluster playing(String name) {
        playedNames.add(name);
        return this;
    }

    PlayedServer played(String name) {
        return played.get(name);
    }

    /** A federation request of the played server to a member, signed by it. */
    Reply federate(PlayedServer from, String member, String method, String target, JsonNode body) {
        return probe.send(members.get(member).federationPort, method, target,
                from.authorization(method, target, member, body, from.keys), body == null ? null : body.toString());
    }

    /**
     * Waits for the condition; when it does not come, the failure carries what each server's
     * federation logged (queues, back-off, refused or dropped events), the only trace of why.
     */
    void awaitOrReport(String what, Duration timeout, BooleanSupplier condition) {
        try {
            Await.until(what, timeout, condition);
        } catch (AssertionError e) {
            StringBuilder report = new StringBuilder(e.getMessage());
            for (Member m : members.values()) {
                report.append("\n--- ").append(m.name).append(" (federation, warnings) ---");
                m.output().lines().filter(l -> l.contains(" o.h.f.") || l.contains("RemoteEvents")
                        || l.contains(" WARN ") || l.contains(" ERROR ")).forEach(l -> report.append('\n').append(l));
            }
            throw new AssertionError(report.toString(), e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Map<String, Integer> federationPorts = new LinkedHashMap<>();
        for (String name : names) {
            federationPorts.put(name, Ports.free());
        }
        for (String name : playedNames) {
            PlayedServer server = new PlayedServer(name, ca.issue(name));
            played.put(name, server);
            federationPorts.put(name, server.port());
        }
        for (String name : names) {
            Map<String, String> hosts = new LinkedHashMap<>();
            federationPorts.forEach((other, port) -> {
                if (!other.equals(name)) {
                    hosts.put(other, "127.0.0.1:" + port);
                }
            });
            Path[] tls = ca.issue(name);
            TestConfig config = new TestConfig(Files.createTempDirectory("hearth-cluster-" + name + "-"))
                    .openRegistration()
                    .set("server_name", name)
                    .set("federation.port", federationPorts.get(name))
                    .set("federation.bind_addresses", List.of("127.0.0.1"))
                    .set("federation.tls_certificate", tls[0].toString())
                    .set("federation.tls_private_key", tls[1].toString())
                    .set("federation.ca_file", ca.caFile().toString())
                    .set("federation.hosts", hosts)
                    .set("federation.allow_private_addresses", true);
            settings.forEach(config::set);
            if (databases.containsKey(name)) {
                config.database(databases.get(name).get());
            }
            members.put(name, new Member(name, config, federationPorts.get(name)));
        }
        // the servers boot side by side: a class pays for one boot, not three
        List<CompletableFuture<Void>> boots = new ArrayList<>();
        for (Member m : members.values()) {
            m.restoreFederation();
            boots.add(CompletableFuture.runAsync(m::start));
        }
        CompletableFuture.allOf(boots.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (Member m : members.values()) {
            m.stop();
            HearthServer.deleteTree(m.config.dir());
        }
        played.values().forEach(PlayedServer::close);
    }

    /** One server of the cluster. */
    final class Member {
        private final String name;
        private final TestConfig config;
        private final Path file;
        private final int federationPort;
        private HearthProcess process;

        private Member(String name, TestConfig config, int federationPort) {
            this.name = name;
            this.config = config;
            this.file = config.write();
            this.federationPort = federationPort;
        }

        String name() {
            return name;
        }

        MatrixHttp http() {
            return process.http();
        }

        /** Starts the process (again, on the same data directory) and waits for both listeners. */
        void start() {
            process = HearthProcess.launch(file, config.port(), JAVA_OPTS).awaitReady();
            awaitFederating();
        }

        /** SIGKILL: no shutdown hook, no flush. */
        void kill() {
            process.kill();
        }

        /** SIGSTOP: the process is frozen, its sockets still accept connections nobody answers. */
        void pause() {
            signal("STOP");
        }

        /** SIGCONT after {@link #pause}: what waited is answered. */
        void resume() {
            signal("CONT");
        }

        private void signal(String signal) {
            try {
                int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
                        .waitFor();
                if (exit != 0) {
                    throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void stop() {
            if (process != null) {
                process.close();
            }
        }

        /** Deletes the federation bundle from the running server's deploy/ (FileInstall uninstalls it). */
        void removeFederation() throws IOException {
            Files.delete(bundle());
            Await.until(name + " to close its federation listener", BOOT, () -> !federationAnswers());
        }

        /** Puts the federation bundle back into deploy/ (FileInstall installs and starts it). */
        void restoreFederation() throws IOException {
            TestBundles.dropIn(TestBundles.federation(), bundle());
        }

        void awaitFederating() {
            Await.until(name + "'s federation listener", BOOT, this::federationAnswers);
        }

        boolean federationAnswers() {
            try {
                return probe.send(federationPort, "GET", "/_matrix/federation/v1/version", null, null).status() == 200;
            } catch (UncheckedIOException refused) {
                return false;
            }
        }

        /** What the process printed, for failure messages. */
        String output() {
            return process.output();
        }

        private Path bundle() {
            return config.deployDir().resolve(TestBundles.federation().getFileName());
        }
    }
}
