package org.hearth.launcher;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/hearth}: starts the server. Exit code 1 when it cannot start. */
@Command(name = "hearth", mixinStandardHelpOptions = true, version = "Hearth 0.1.0",
        description = "A Matrix homeserver. Without a command: start the server.",
        subcommands = RegisterUser.class)
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: conf/hearth.yaml in the Hearth directory).")
    private Path config;

    @Option(names = "--stop-when-ready",
            description = "Start, wait until the server answers, then stop: checks that a configuration starts, and"
                    + " the build's training start, which writes the class data archive of later starts.")
    private boolean stopWhenReady;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static Path home() {
        return Path.of(System.getProperty("hearth.home", ".")).toAbsolutePath().normalize();
    }

    @Override
    public Integer call() throws InterruptedException {
        Path home = home();
        Path file = config != null ? config.toAbsolutePath() : home.resolve("conf/hearth.yaml");
        Hearth hearth;
        try {
            hearth = Hearth.start(home, file);
        } catch (StartupFailure e) {
            LOG.error("{}", e.getMessage());
            System.err.println("hearth: " + e.getMessage());
            return 1;
        }
        Optional<ClassDataArchive> archive = ClassDataArchive.requested();
        if (stopWhenReady) {
            stop(hearth, archive);
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(hearth, archive), "hearth-shutdown"));
        hearth.awaitStop();
        return 0;
    }

    /** The archive first, while every class the run used is still loaded; then the server. */
    private static void stop(Hearth hearth, Optional<ClassDataArchive> archive) {
        archive.ifPresent(a -> a.write(hearth.bundles()));
        hearth.close();
    }
}
