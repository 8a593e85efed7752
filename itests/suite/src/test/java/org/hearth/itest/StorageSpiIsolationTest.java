package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage SPI ({@code org.hearth.api.spi.storage}) is exported with the mandatory attribute
 * {@code hearth.spi=storage}: a bundle that imports it without stating the attribute does not
 * resolve, so an ordinary bundle cannot reach the raw stores behind core's back. A bundle that
 * states it (a storage bundle) resolves, which shows the first one fails for that reason only.
 */
class StorageSpiIsolationTest {
    private static final String IMPORT = "org.hearth.api.spi.storage;version=\"[0.2,1)\"";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static HearthServer server = HearthServer.create();

    @Test
    void anOrdinaryBundleImportingTheStorageSpiDoesNotResolve() throws IOException {
        assertEquals(Optional.of("ACTIVE"), server.bundleState("org.hearth.core"));
        assertEquals(Optional.of("ACTIVE"), server.bundleState("org.hearth.storage.sql"));

        Path dir = Files.createTempDirectory("spi-bundles-");
        // Both land in one FileInstall scan, which installs and starts them together.
        Path plain = manifestOnly(dir.resolve("plain.jar"), "org.hearth.itest.spi.plain", IMPORT);
        Path stating = manifestOnly(dir.resolve("stating.jar"), "org.hearth.itest.spi.stating",
                IMPORT + ";hearth.spi=storage");
        TestBundles.dropIn(plain, server.deployDir().resolve("spi-plain.jar"));
        TestBundles.dropIn(stating, server.deployDir().resolve("spi-stating.jar"));

        Await.until("the bundle stating the attribute to start", WAIT,
                () -> server.bundleState("org.hearth.itest.spi.stating").equals(Optional.of("ACTIVE")));
        Await.until("the plain bundle to be installed", WAIT,
                () -> server.bundleState("org.hearth.itest.spi.plain").isPresent());
        assertEquals(Optional.of("INSTALLED"), server.bundleState("org.hearth.itest.spi.plain"),
                "a bundle importing the storage SPI without hearth.spi=storage resolved");
        // core and storage-sql state the attribute and stay active.
        assertEquals(Optional.of("ACTIVE"), server.bundleState("org.hearth.core"));
        assertEquals(Optional.of("ACTIVE"), server.bundleState("org.hearth.storage.sql"));
        assertEquals(200, server.http().get("/_matrix/client/v3/login").status());
    }

    /** A bundle with a manifest and nothing else: what it imports is all that matters here. */
    private static Path manifestOnly(Path jar, String symbolicName, String importPackage) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", importPackage);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
