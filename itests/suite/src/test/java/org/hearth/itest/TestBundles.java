package org.hearth.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.hearth.testkit.HearthHome;

/**
 * The bundles the tests deploy: those built for tests (itests/echo-bundle), copied by Maven
 * into target/test-bundles, and the optional bundles the distribution ships in bundles/.
 */
public final class TestBundles {
    private TestBundles() {
    }

    public static Path echo() {
        return Path.of(System.getProperty("hearth.test.bundles", "target/test-bundles"), "hearth-echo-bundle.jar");
    }

    /** bundles/hearth-auth-ldap-*.jar of the assembled distribution. */
    public static Path authLdap() {
        return shipped("hearth-auth-ldap-.*\\.jar");
    }

    /** bundles/hearth-federation-*.jar of the assembled distribution. */
    public static Path federation() {
        return shipped("hearth-federation-.*\\.jar");
    }

    private static Path shipped(String pattern) {
        try (Stream<Path> jars = Files.list(HearthHome.get().resolve("bundles"))) {
            return jars.filter(p -> p.getFileName().toString().matches(pattern)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + pattern + " in bundles/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes under a temporary name, then renames: FileInstall never sees half a jar. */
    public static void dropIn(Path jar, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A copy of the bundle with another Bundle-Version and another greeting.txt. */
    public static void rewrite(Path source, Path target, String version, String greeting) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream file = Files.newOutputStream(target);
                 JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    if (entry.getName().equals("greeting.txt")) {
                        out.write(greeting.getBytes(StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }
}
