package org.hearth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hearth as a separate operating-system process, started with the distribution's own
 * {@code bin/hearth}: for tests of exit codes, of what an operator sees, and of crashes
 * ({@link #kill()} sends SIGKILL).
 */
public final class HearthProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final URI base;

    private HearthProcess(Process process, Path output, URI base) {
        this.process = process;
        this.output = output;
        this.base = base;
    }

    /** Starts {@code bin/hearth --config FILE}; does not wait. */
    public static HearthProcess launch(Path configFile, int port) {
        return launch(configFile, port, null);
    }

    /**
     * Starts {@code bin/hearth --config FILE} with {@code JAVA_OPTS} (the JVM options the script
     * passes, such as a smaller heap for several servers on one machine); does not wait.
     */
    public static HearthProcess launch(Path configFile, int port, String javaOpts) {
        return start(port, javaOpts, HearthHome.get().resolve("bin/hearth").toString(), "--config", configFile.toString());
    }

    /**
     * Starts {@code bin/hearth --config FILE} of another installation than the built distribution
     * (a copy the test may change); does not wait.
     */
    public static HearthProcess launchFrom(Path home, Path configFile, int port) {
        return start(port, null, home.resolve("bin/hearth").toString(), "--config", configFile.toString());
    }

    /**
     * Starts {@code bin/hearth --config FILE} from a shell whose umask is {@code umask} (such as
     * {@code "022"}, the usual default), as an operator's shell would; does not wait.
     */
    public static HearthProcess launchWithUmask(Path configFile, int port, String umask) {
        if (!umask.matches("[0-7]{3,4}")) {
            throw new IllegalArgumentException("not a umask: " + umask);
        }
        return start(port, null, "/bin/sh", "-c", "umask " + umask + " && exec \"$0\" --config \"$1\"",
                HearthHome.get().resolve("bin/hearth").toString(), configFile.toString());
    }

    private static HearthProcess start(int port, String javaOpts, String... command) {
        try {
            Path output = Files.createTempFile("hearth-process-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            if (javaOpts != null) {
                builder.environment().put("JAVA_OPTS", javaOpts);
            }
            return new HearthProcess(builder.start(), output, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How long a start may take before a test gives up: seconds on a quiet machine, but the 2-core
     * test machines run two test JVMs and their servers at once, where a start has taken over 45 s.
     */
    public static final Duration BOOT = Duration.ofSeconds(240);

    /** Waits up to {@link #BOOT} until the server logs that it is ready; fails if the process exits first. */
    public HearthProcess awaitReady() {
        return awaitReady(BOOT);
    }

    /** Waits until the server logs that it is ready; fails if the process exits first. */
    public HearthProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains("Hearth ready on")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("hearth exited with " + process.exitValue() + ":\n" + output());
            }
            LockSupport.parkNanos(50_000_000L);
        }
        process.destroyForcibly(); // the caller never gets it to close: a slow start must not leave a server behind
        throw new AssertionError("hearth did not become ready in " + timeout + ":\n" + output());
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("hearth did not exit within " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    public long pid() {
        return process.pid();
    }

    public MatrixHttp http() {
        return new MatrixHttp(base);
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
