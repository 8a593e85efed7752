package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.hearth.testkit.HearthHome;
import org.junit.jupiter.api.Test;

/**
 * The distribution's JARs hold their entries stored, not compressed (the build's
 * {@code StoreJars}: the OSGi framework reads every class it loads from its bundle's JAR at every
 * start), and the tarball holds the same files as the directory.
 */
class StoredJarsTest {
    private static final List<String> JAR_DIRECTORIES = List.of("lib", "system", "bundles");

    @Test
    void everyEntryOfEveryJarIsStored() throws IOException {
        List<Path> jars = jars(HearthHome.get());
        assertTrue(jars.size() > 20, "the distribution's jars: " + jars);
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                List<String> compressed = zip.stream().filter(e -> e.getMethod() != ZipEntry.STORED)
                        .map(ZipEntry::getName).limit(3).toList();
                assertTrue(compressed.isEmpty(), jar + " has compressed entries, such as " + compressed);
                assertFalse(zip.stream().findAny().isEmpty(), jar + " is empty");
            }
        }
    }

    @Test
    void theTarballHoldsTheDirectorysJars() throws Exception {
        Path home = HearthHome.get();
        Set<String> inDirectory = new TreeSet<>();
        for (Path jar : jars(home)) {
            inDirectory.add("hearth/" + home.relativize(jar) + " " + Files.size(jar));
        }
        // GNU tar's verbose listing: mode, owner/group, size, date, time, name
        Process list = new ProcessBuilder("tar", "-tzvf", home.resolveSibling("hearth.tar.gz").toString())
                .redirectErrorStream(true).start();
        Set<String> inTarball = new TreeSet<>();
        for (String line : new String(list.getInputStream().readAllBytes()).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 6 && fields[fields.length - 1].endsWith(".jar")) {
                inTarball.add(fields[fields.length - 1] + " " + fields[2]);
            }
        }
        assertEquals(0, list.waitFor(), "tar -tzvf");
        assertEquals(inDirectory, inTarball);
    }

    private static List<Path> jars(Path home) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String directory : JAR_DIRECTORIES) {
            try (Stream<Path> files = Files.list(home.resolve(directory))) {
                files.filter(p -> p.getFileName().toString().endsWith(".jar")).forEach(jars::add);
            }
        }
        return jars;
    }
}
