package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hearth.testkit.HearthHome;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hearth} with class data sharing: the first server of an installation writes the
 * archive of its classes as it stops, the next start maps them from it, and a changed jar makes
 * the start ignore it (a stale archive is never mapped). On a copy of the distribution, so the
 * other tests' servers are not involved. The build writes the distribution's archive with a
 * training start ({@code --stop-when-ready}).
 */
class ClassDataSharingTest {
    private static final String LAUNCHER_CLASS = "org.hearth.launcher.Main";

    @TempDir
    Path dir;

    @Test
    void theFirstStopWritesTheArchiveTheNextStartsMapItAndAChangedJarStartsWithoutIt() throws Exception {
        Path home = copyOfTheDistribution();
        TestConfig config = new TestConfig(dir.resolve("run"));
        try (HearthProcess hearth = HearthProcess.launchFrom(home, config.write(), config.port()).awaitReady()) {
            assertTrue(archives(home).isEmpty(), "written at the stop, not before: " + archives(home));
            hearth.close();
            assertTrue(hearth.output().contains("Class data archive"), hearth.output());
        }
        List<Path> written = archives(home);
        assertEquals(1, written.size(), written.toString());
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written.get(0))));

        assertTrue(launcherClassSource(home).startsWith("shared objects file"), launcherClassSource(home));

        Path jar;
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("hearth-launcher")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertTrue(launcherClassSource(home).startsWith("file:"), "read from its jar again");
    }

    /** The build's training start: {@code --stop-when-ready} exits by itself, the archive written. */
    @Test
    void aStartThatStopsWhenReadyExitsAndWritesTheArchive() throws Exception {
        Path home = copyOfTheDistribution();
        TestConfig config = new TestConfig(dir.resolve("training"));
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/hearth").toString(),
                "--config", config.write().toString(), "--stop-when-ready").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(HearthProcess.BOOT.toSeconds(), TimeUnit.SECONDS), "did not exit: " + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Hearth ready on"), output);
        assertEquals(1, archives(home).size(), output);
        assertTrue(launcherClassSource(home).startsWith("shared objects file"), launcherClassSource(home));
        try (Stream<Path> files = Files.list(home.resolve("cds"))) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".classes")).toList(),
                    "the list of loaded classes is removed once the archive is written");
        }

        // Classes a run loads and never links (here: to verify others) are in the archive too, from
        // the launcher's class path and from a bundle alike: the JDK would leave them out.
        builder.environment().put("HEARTH_JAVA_OPTS", "-Xlog:class+load=info:stdout");
        Process second = builder.start();
        String loaded = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(second.waitFor(HearthProcess.BOOT.toSeconds(), TimeUnit.SECONDS), "did not exit: " + loaded);
        for (String unlinked : List.of("com.fasterxml.jackson.databind.DatabindException",
                "org.hearth.api.spi.storage.StoreException")) {
            assertTrue(source(loaded, unlinked).startsWith("shared objects file"), unlinked + ": " + source(loaded, unlinked));
        }
    }

    private Path copyOfTheDistribution() throws IOException {
        Path source = HearthHome.get();
        Path home = dir.resolve("hearth");
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path relative = source.relativize(p);
                if (relative.startsWith("cds") || relative.startsWith("data")) {
                    continue; // what the shared distribution's own servers wrote
                }
                Path target = home.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return home;
    }

    private static List<Path> archives(Path home) throws IOException {
        Path cds = home.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    /** Where the JVM of {@code bin/hearth --version} took the launcher's main class from. */
    private static String launcherClassSource(Path home) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/hearth").toString(), "--version")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("HEARTH_JAVA_OPTS", "-Xlog:class+load=info:stdout");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/hearth --version did not exit");
        return source(output, LAUNCHER_CLASS);
    }

    /** Where {@code -Xlog:class+load} says the class came from. */
    private static String source(String classLoadLog, String className) {
        return classLoadLog.lines()
                .filter(line -> line.contains(" " + className + " source: "))
                .map(line -> line.substring(line.indexOf(" source: ") + " source: ".length()))
                .findFirst().orElse("not loaded: " + classLoadLog);
    }
}
