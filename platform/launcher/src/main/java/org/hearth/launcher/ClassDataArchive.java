package org.hearth.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.management.JMException;
import javax.management.ObjectName;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class data archive {@code bin/hearth} asks for when it has none for this JDK and these jars
 * (system property {@code hearth.cds.archive}, with {@code -XX:+RecordDynamicDumpInfo}): written
 * once, when the server stops, with every class the run loaded. The next starts map the classes
 * from it instead of reading, verifying and linking them again (JDK class data sharing), which
 * saves about a quarter of the start's CPU. The build writes the distribution's with a training
 * start ({@code bin/hearth --stop-when-ready}), so that its first start has one too.
 */
final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    static final String PROPERTY = "hearth.cds.archive";
    /** The file {@code bin/hearth} has the JVM log the loaded classes to (see UnlinkedClasses). */
    static final String CLASSES_PROPERTY = "hearth.cds.classes";

    private final Path target;
    private final Optional<Path> loadedClasses;

    private ClassDataArchive(Path target, Optional<Path> loadedClasses) {
        this.target = target;
        this.loadedClasses = loadedClasses;
    }

    /** The archive to write, when {@code bin/hearth} asked for one. */
    static Optional<ClassDataArchive> requested() {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return Optional.empty();
        }
        // the JVM names the log after its process ("%p"), as two servers may record at once
        String classes = System.getProperty(CLASSES_PROPERTY, "").replace("%p",
                Long.toString(ProcessHandle.current().pid()));
        return Optional.of(new ClassDataArchive(Path.of(file),
                classes.isBlank() ? Optional.empty() : Optional.of(Path.of(classes))));
    }

    /**
     * Links the classes the run loaded and left unlinked (when {@code bin/hearth} logged them), so
     * that the archive holds them too; then dumps the loaded classes to a file of this process and
     * moves it into place in one step:
     * servers of the same installation stopping at once each write a whole archive, and a start
     * never maps a half-written one. Archives of other keys (an older JDK or build) are removed.
     * A failure costs only the faster start: logged, never thrown.
     */
    void write(Bundle[] bundles) {
        try {
            if (!Files.exists(target)) { // else another server of this installation stopped first
                dump(bundles);
            }
        } finally {
            loadedClasses.ifPresent(ClassDataArchive::deleteQuietly);
        }
    }

    private void dump(Bundle[] bundles) {
        long begin = System.nanoTime();
        Path partial = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            if (loadedClasses.isPresent() && Files.isRegularFile(loadedClasses.get())) {
                UnlinkedClasses.link(loadedClasses.get(), bundles);
            }
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"dynamic_dump", partial.toString()}},
                    new String[] {String[].class.getName()});
            if (!Files.isRegularFile(partial)) {
                LOG.warn("Class data archive not written (the JVM wrote no {}): starts stay slower", partial);
                return;
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            removeOthers();
            LOG.info("Class data archive {} written in {} ms: the next starts load their classes from it", target,
                    (System.nanoTime() - begin) / 1_000_000);
        } catch (JMException | IOException | RuntimeException e) {
            LOG.warn("Class data archive {} not written: {}", target, e.toString());
            deleteQuietly(partial); // the next start asks again under a new name
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray file costs only disk
        }
    }

    /**
     * Archives of other keys, and the class lists of other recording runs: of runs killed before
     * they wrote one, or of runs still going, which will find this archive when they stop and
     * write none (the file they still log to is kept until they exit).
     */
    private void removeOthers() throws IOException {
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(target.getParent(), "hearth-*.jsa")) {
            for (Path other : archives) {
                if (!other.equals(target)) {
                    Files.deleteIfExists(other);
                }
            }
        }
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(target.getParent(), "loaded-*.classes")) {
            for (Path list : lists) {
                Files.deleteIfExists(list);
            }
        }
    }
}
