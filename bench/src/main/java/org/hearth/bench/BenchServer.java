package org.hearth.bench;

import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Consumer;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;

/** The assembled server as its own process, open for registration, in a new temporary directory. */
final class BenchServer {
    private BenchServer() {
    }

    /** Starts it with the database the caller sets (SQLite when it sets none) and waits until it answers. */
    static HearthProcess start(Consumer<TestConfig> database, Duration ready) throws Exception {
        TestConfig config = new TestConfig(Files.createTempDirectory("hearth-bench-")).openRegistration();
        database.accept(config);
        return HearthProcess.launch(config.write(), config.port()).awaitReady(ready);
    }
}
