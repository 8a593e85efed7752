package org.hearth.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;

/**
 * Links, without initialising them, the classes a run loaded but never linked: types the verifier
 * loaded to check another class, exceptions never thrown. The JDK's dynamic archive leaves such
 * classes out (JDK 17: "Skipping …: Not linked"), so that every start read and parsed them again
 * from their jars: about 1,000 of the 7,000 a start loads. {@code bin/hearth} has the recording run
 * log the classes it loads ({@code -Xlog:class+load} to a file); each is found through the loader
 * that defined it (the launcher's, or its bundle's) and linked by asking for its constructors,
 * which links a class and does not initialise it. Linking verifies, which may load more classes:
 * the log is read again, a few times, until it names no new one.
 */
final class UnlinkedClasses {
    private static final int ROUNDS = 4;

    private final Path log;
    private final Map<Path, Bundle> bundlesByJar = new HashMap<>();
    private long readUpTo;

    private UnlinkedClasses(Path log, Bundle[] bundles) {
        this.log = log;
        for (Bundle bundle : bundles) {
            Path jar = jar(bundle.getLocation().replaceFirst("^reference:", ""));
            if (jar != null) {
                bundlesByJar.put(jar, bundle);
            }
        }
    }

    /** Links the classes {@code log} names, and those that linking them loads. */
    static void link(Path log, Bundle[] bundles) throws IOException {
        UnlinkedClasses classes = new UnlinkedClasses(log, bundles);
        for (int round = 0; round < ROUNDS; round++) {
            List<String> lines = classes.newLines();
            if (lines.isEmpty()) {
                break;
            }
            lines.forEach(classes::link);
        }
    }

    /** The lines written since the last read, whole lines only. */
    private List<String> newLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - readUpTo)];
            file.seek(readUpTo);
            file.readFully(bytes);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            readUpTo += start;
        }
        return lines;
    }

    /**
     * One line of the log, {@code NAME source: SOURCE}; hidden classes (a {@code /} in the name:
     * lambdas, method handle forms) are the JDK's to archive or not.
     */
    private void link(String line) {
        int space = line.indexOf(" source: ");
        int slash = line.indexOf('/');
        if (space <= 0 || slash >= 0 && slash < space) {
            return;
        }
        String name = line.substring(0, space);
        Bundle bundle = bundlesByJar.get(jar(line.substring(space + " source: ".length())));
        try {
            Class<?> type = bundle != null ? bundle.loadClass(name)
                    : Class.forName(name, false, UnlinkedClasses.class.getClassLoader());
            type.getDeclaredConstructors();
        } catch (ClassNotFoundException | LinkageError | IllegalStateException | SecurityException e) {
            // not visible from here, or not linkable: the archive does without it
        }
    }

    /** The jar a {@code file:} URL names, or null for any other source. */
    private static Path jar(String url) {
        if (!url.startsWith("file:") || !url.endsWith(".jar")) {
            return null;
        }
        try {
            return Path.of(URI.create(url)).normalize();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
