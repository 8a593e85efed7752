package org.hearth.auth.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hearth.testkit.Await;
import org.hearth.testkit.Ports;
import org.hearth.testkit.ldap.TestCertificate;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.Assumptions;

/**
 * A private OpenLDAP {@code slapd} for one test class: its own slapd.conf, MDB database and
 * free loopback port in a temporary directory, StartTLS with a test certificate, loaded with an
 * LDIF through {@code ldapadd}. No system service is touched.
 *
 * <p>Without slapd the tests are skipped with one line saying what to install; with
 * {@code HEARTH_REQUIRE_SLAPD=1} (CI) they fail instead.
 */
final class Slapd implements AutoCloseable {
    static final String SLAPD = "/usr/sbin/slapd";
    static final String LDAPADD = "/usr/bin/ldapadd";
    static final String ROOT_DN = "cn=admin,dc=example,dc=org";
    static final String ROOT_PASSWORD = "slapd-test-root";
    private static final String SCHEMA = "/etc/ldap/schema/";

    final int port;
    private final Path dir;
    private final Process process;

    private Slapd(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    static void requireInstalled() {
        boolean present = Files.isExecutable(Path.of(SLAPD)) && Files.isExecutable(Path.of(LDAPADD))
                && Files.isRegularFile(Path.of(SCHEMA, "inetorgperson.schema"));
        String message = "slapd tests skipped: apt-get install slapd ldap-utils";
        if (!present && "1".equals(System.getenv("HEARTH_REQUIRE_SLAPD"))) {
            throw new AssertionError("slapd tests required by HEARTH_REQUIRE_SLAPD=1: apt-get install slapd ldap-utils");
        }
        if (!present) {
            System.out.println(message);
        }
        Assumptions.assumeTrue(present, message);
    }

    /** Starts slapd for {@code dc=example,dc=org} with StartTLS using the certificate, and loads the tree (LDIF). */
    static Slapd start(TestCertificate tls, InputStream tree) throws IOException, InterruptedException {
        requireInstalled();
        Path dir = Files.createTempDirectory("hearth-slapd-");
        Files.createDirectories(dir.resolve("db"));
        Path ldif = dir.resolve("data.ldif");
        try (tree) {
            Files.copy(tree, ldif);
        }
        tls.exportPem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        Files.writeString(dir.resolve("slapd.conf"), String.join("\n",
                "include " + SCHEMA + "core.schema",
                "include " + SCHEMA + "cosine.schema",
                "include " + SCHEMA + "inetorgperson.schema",
                "pidfile " + dir.resolve("slapd.pid"),
                "argsfile " + dir.resolve("slapd.args"),
                "TLSCertificateFile " + dir.resolve("cert.pem"),
                "TLSCertificateKeyFile " + dir.resolve("key.pem"),
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "database mdb",
                "maxsize 104857600",
                "suffix \"dc=example,dc=org\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + ROOT_PASSWORD,
                "directory " + dir.resolve("db"),
                "index uid,member eq",
                ""));
        int port = Ports.free();
        // -d 0: stay in the foreground (no daemon to chase), log nothing
        Process process = new ProcessBuilder(SLAPD, "-f", dir.resolve("slapd.conf").toString(),
                "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        Slapd slapd = new Slapd(port, dir, process);
        try {
            Await.until("slapd to listen on port " + port, Duration.ofSeconds(20), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("slapd exited: " + slapd.log());
                }
                return slapd.accepts();
            });
            slapd.ldapTool(LDAPADD, "-f", ldif.toString());
        } catch (RuntimeException | Error e) {
            slapd.close();
            throw e;
        }
        return slapd;
    }

    String uri() {
        return "ldap://localhost:" + port;
    }

    /** Runs an ldap-utils tool (ldapadd, ldapdelete, ldapmodify) as the root DN. */
    void ldapTool(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool, "-x", "-H", "ldap://127.0.0.1:" + port,
                "-D", ROOT_DN, "-w", ROOT_PASSWORD));
        command.addAll(List.of(args));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        run.getOutputStream().close();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(30, TimeUnit.SECONDS)) {
            run.destroyForcibly();
        }
        assertEquals(0, run.exitValue(), command + ": " + out);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("slapd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
