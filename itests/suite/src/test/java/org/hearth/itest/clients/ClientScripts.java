package org.hearth.itest.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the scripts in itests/clients: real Matrix clients that nobody at Hearth wrote
 * (matrix-js-sdk from npm, matrix-nio from Debian). A machine without them skips these tests
 * with one line saying what to install; CI installs both (.ci/run), so there they always run.
 */
public final class ClientScripts {
    public static final Path DIR = Path.of(System.getProperty("hearth.test.clients", "../clients")).toAbsolutePath().normalize();
    /** Debian's interpreter: python3-matrix-nio installs into its dist-packages. */
    static final String PYTHON = "/usr/bin/python3";

    private ClientScripts() {
    }

    public static void requireJsSdk() {
        boolean present = Files.isDirectory(DIR.resolve("js/node_modules/matrix-js-sdk"));
        skipUnless(present, "matrix-js-sdk tests skipped: run `npm ci --prefix itests/clients/js` (Node 20+)");
    }

    static void requireNio() throws IOException, InterruptedException {
        boolean present = Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import nio").start().waitFor() == 0;
        skipUnless(present, "matrix-nio tests skipped: run `apt-get install python3-matrix-nio`");
    }

    private static void skipUnless(boolean present, String message) {
        if (!present && "1".equals(System.getenv("HEARTH_REQUIRE_CLIENTS"))) {
            throw new AssertionError(message.replace("skipped", "required by HEARTH_REQUIRE_CLIENTS=1"));
        }
        if (!present) {
            System.out.println(message);
        }
        Assumptions.assumeTrue(present, message);
    }

    /** Runs a command in the clients directory; asserts exit 0 and returns its standard output. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, 120);
    }

    /** As {@link #run(List)}, for a script that may take up to {@code seconds} (several servers). */
    public static String run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("client-", ".err");
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(DIR.toFile())
                .redirectError(log.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s");
        }
        String err = Files.readString(log);
        Files.delete(log);
        assertEquals(0, process.exitValue(), command + "\nstdout: " + out + "\nstderr: " + err);
        return out.trim();
    }
}
