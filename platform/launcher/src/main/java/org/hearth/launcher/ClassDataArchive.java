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

    private final Path target;

    private ClassDataArchive(Path target) {
        this.target = target;
    }

    /** The archive to write, when {@code bin/hearth} asked for one. */
    static Optional<ClassDataArchive> requested() {
        String file = System.getProperty(PROPERTY);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(new ClassDataArchive(Path.of(file)));
    }

    /**
     * Dumps the loaded classes to a file of this process, then moves it into place in one step:
     * servers of the same installation stopping at once each write a whole archive, and a start
     * never maps a half-written one. Archives of other keys (an older JDK or build) are removed.
     * A failure costs only the faster start: logged, never thrown.
     */
    void write() {
        if (Files.exists(target)) {
            return; // another server of this installation, started at the same time, stopped first
        }
        long begin = System.nanoTime();
        Path partial = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
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
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the next start asks again under a new name; a stray file costs only disk
            }
        }
    }

    private void removeOthers() throws IOException {
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(target.getParent(), "hearth-*.jsa")) {
            for (Path other : archives) {
                if (!other.equals(target)) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }
}
