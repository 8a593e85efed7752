package org.hearth.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The assembled distribution the tests run: system property {@code hearth.home}. */
public final class HearthHome {
    private HearthHome() {
    }

    public static Path get() {
        String home = System.getProperty("hearth.home");
        if (home == null) {
            throw new IllegalStateException("System property hearth.home is not set: it names the assembled "
                    + "distribution (distribution/target/hearth); run the tests through Maven");
        }
        Path path = Path.of(home).toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("system"))) {
            throw new IllegalStateException(path + " has no system/ directory: build the distribution first "
                    + "(mvn -DskipTests install)");
        }
        return path;
    }
}
