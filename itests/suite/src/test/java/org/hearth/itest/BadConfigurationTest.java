package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.Ports;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees when {@code bin/hearth} cannot start: exit code 1 and one line naming
 * the file, the key and the problem.
 */
class BadConfigurationTest {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private String failWith(Path config, int port) {
        try (HearthProcess hearth = HearthProcess.launch(config, port)) {
            assertEquals(1, hearth.awaitExit(EXIT), hearth.output());
            return hearth.output();
        }
    }

    private Path withExtraYaml(TestConfig config, String extra) throws IOException {
        Path file = config.write();
        Files.writeString(file, Files.readString(file) + extra);
        return file;
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        TestConfig config = new TestConfig(dir);
        Path file = withExtraYaml(config, "sever_name: typo.example\n");
        String out = failWith(file, config.port());
        assertTrue(out.contains("hearth: " + file + ": sever_name: unknown key"), out);
    }

    @Test
    void unknownKeyInAPlatformSectionIsNamed() throws IOException {
        TestConfig config = new TestConfig(dir).set("http.prot", 8008);
        String out = failWith(config.write(), config.port());
        assertTrue(out.contains("http.prot: unknown key"), out);
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        TestConfig config = new TestConfig(dir).set("registration.enabled", "maybe");
        String out = failWith(config.write(), config.port());
        assertTrue(out.contains("registration.enabled: expected true or false, found \"maybe\""), out);
    }

    @Test
    void everySectionIsCheckedAgainstItsBundlesMetatype() throws IOException {
        TestConfig nested = new TestConfig(dir.resolve("a")).set("rate_limits.login.per_secnd", 1);
        assertTrue(failWith(nested.write(), nested.port()).contains("rate_limits.login.per_secnd: unknown key"));
        TestConfig range = new TestConfig(dir.resolve("b")).set("database.pool_size", 0);
        assertTrue(failWith(range.write(), range.port())
                .contains("database.pool_size: expected a whole number from 1 to 1000, found 0"));
        TestConfig type = new TestConfig(dir.resolve("c")).set("http.port", "eighty");
        String out = failWith(type.write(), type.port());
        assertTrue(out.contains("hearth: " + type.dir().resolve("hearth.yaml")
                + ": http.port: expected a whole number from 1 to 65535, found \"eighty\""), out);
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nowhere.yaml");
        String out = failWith(file, 1);
        assertTrue(out.contains("hearth: " + file + ": configuration file not found"), out);
    }

    @Test
    void brokenYamlGivesTheLine() throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "server_name: a\nhttp:\n  port: [8008\n");
        String out = failWith(file, 1);
        assertTrue(out.contains(file + ": not valid YAML") && out.contains("(line "), out);
    }

    @Test
    void portInUseIsReported() throws IOException {
        TestConfig config = new TestConfig(dir);
        try (ServerSocket taken = new ServerSocket(config.port(), 50, InetAddress.getByName("127.0.0.1"))) {
            String out = failWith(config.write(), config.port());
            assertTrue(out.contains("http.port: port " + config.port() + " on 127.0.0.1 is already in use"), out);
        }
    }

    /**
     * A platform component that cannot start (here storage: nothing listens where the database
     * should be) fails the start at once with its reason, instead of a wait for a server that will
     * never answer: the one reason, naming the key, not the components that needed storage too.
     * At once: the pool waited a second before giving up each time the container asked again for
     * the database, once for each component that needs it, and the start failed after some 20 s.
     */
    @Test
    void aPlatformComponentThatCannotStartStopsTheStart() throws IOException {
        TestConfig config = new TestConfig(dir);
        int closed = Ports.free(); // reserved for this test, nothing listens on it
        Path file = config.set("database.url", "jdbc:postgresql://127.0.0.1:" + closed + "/hearth")
                .set("database.user", "hearth").write();
        long start = System.nanoTime();
        String out = failWith(file, config.port());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String last = out.lines().filter(l -> l.startsWith("hearth: ")).reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("hearth: " + file + ": 1 component(s) failed to start: ")
                && last.contains("(bundle org.hearth.storage.sql): Cannot open the database ")
                && last.contains("(database.url): Connection to 127.0.0.1:" + closed + " refused")
                && last.contains("component(s) that need what failed did not start)")
                && !last.contains("Unable to get service"), out);
        assertTrue(took.compareTo(Duration.ofSeconds(12)) < 0, "the start failed after " + took.toMillis() + " ms");
    }

    /** An identity CA file that cannot be read stops the start, naming file, key and problem. */
    @Test
    void anUnreadableIdentityCaFileStopsTheStart() throws IOException {
        TestConfig config = new TestConfig(dir);
        Path missing = dir.resolve("no-such-ca.pem");
        Path file = config.set("identity.ca_file", missing.toString()).write();
        String out = failWith(file, config.port());
        assertTrue(out.contains("hearth: " + file + ": ") && out.contains("identity.ca_file: cannot read PEM certificates from "
                + missing), out);
    }

    @Test
    void aWronglyTypedIdentityKeyIsNamed() throws IOException {
        TestConfig config = new TestConfig(dir);
        Path file = withExtraYaml(config, "identity:\n  allow_private_addresses: sometimes\n");
        String out = failWith(file, config.port());
        assertTrue(out.contains("identity.allow_private_addresses: expected true or false, found \"sometimes\""), out);
    }

    @Test
    void aWronglyTypedLegacyMentionSwitchIsNamed() throws IOException {
        TestConfig config = new TestConfig(dir).set("push.legacy_mention_rules", "yes");
        Path file = config.write();
        String out = failWith(file, config.port());
        assertTrue(out.contains("hearth: " + file + ": ")
                && out.contains("push.legacy_mention_rules: expected true or false, found \"yes\""), out);
    }
}
