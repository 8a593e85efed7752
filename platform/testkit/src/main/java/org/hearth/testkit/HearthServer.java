package org.hearth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hearth.launcher.Hearth;
import org.hearth.launcher.StartupFailure;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Hearth container, booted in this JVM once per test class from the assembled
 * distribution, with its own temporary data directory and a free port.
 *
 * <pre>{@code
 * @RegisterExtension
 * static HearthServer server = HearthServer.with(c -> c.set("registration.enabled", true));
 *
 * @Test void versions() {
 *     assertEquals(200, server.http().get("/_matrix/client/versions").status());
 * }
 * }</pre>
 */
public final class HearthServer implements BeforeAllCallback, AfterAllCallback {
    private final Consumer<TestConfig> settings;
    private final List<Path> predeployed = new ArrayList<>();
    private TestConfig config;
    private Hearth hearth;
    private MatrixHttp http;

    private HearthServer(Consumer<TestConfig> settings) {
        this.settings = settings;
    }

    /** A server with the default test configuration. */
    public static HearthServer create() {
        return new HearthServer(c -> { });
    }

    /** A server whose configuration the test adjusts. */
    public static HearthServer with(Consumer<TestConfig> settings) {
        return new HearthServer(settings);
    }

    /** A bundle jar copied into deploy/ before the server starts. */
    public HearthServer deploying(Path bundleJar) {
        predeployed.add(bundleJar);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, StartupFailure {
        Path dir = Files.createTempDirectory("hearth-test-");
        config = new TestConfig(dir);
        settings.accept(config);
        Path file = config.write();
        for (Path jar : predeployed) {
            Files.copy(jar, config.deployDir().resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        hearth = Hearth.start(HearthHome.get(), file);
        http = new MatrixHttp(hearth.baseUrl());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (hearth != null) {
            hearth.close();
        }
        if (config != null) {
            deleteTree(config.dir());
        }
    }

    public MatrixHttp http() {
        return http;
    }

    public Path deployDir() {
        return hearth.deployDir();
    }

    public Path dataDir() {
        return hearth.dataDir();
    }

    /** The state of a bundle in the container ({@code ACTIVE}, {@code INSTALLED} …), or empty when not installed. */
    public Optional<String> bundleState(String symbolicName) {
        return hearth.bundleState(symbolicName);
    }

    public TestConfig config() {
        return config;
    }

    /** Deletes a directory and everything under it. */
    public static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
