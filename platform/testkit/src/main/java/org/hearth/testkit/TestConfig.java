package org.hearth.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code hearth.yaml} for one test server: its own data and deploy directories, a free port on
 * the loopback address, plus the test's own settings given as dotted keys.
 */
public final class TestConfig {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Path dir;
    private final int port;

    public TestConfig(Path dir) {
        this.dir = dir;
        this.port = Ports.free();
        set("server_name", "localhost");
        set("data_dir", dir.resolve("data").toString());
        set("deploy_dir", dir.resolve("deploy").toString());
        set("http.bind_addresses", List.of("127.0.0.1"));
        set("http.port", port);
    }

    /** Sets a key such as {@code registration.enabled}; nested sections are created as needed. */
    @SuppressWarnings("unchecked")
    public TestConfig set(String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(parts[parts.length - 1], value);
        return this;
    }

    /**
     * Open registration, rate limits off: for tests that register many users from 127.0.0.1 and
     * act faster than people do. Tests of the limits themselves turn them on again.
     */
    public TestConfig openRegistration() {
        return set("registration.enabled", true).set("rate_limits.enabled", false);
    }

    /** Stores on the test's PostgreSQL database instead of the default SQLite file. */
    public TestConfig database(PostgresDatabase db) {
        return set("database.url", db.url()).set("database.user", db.user());
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path deployDir() {
        return dir.resolve("deploy");
    }

    /** Writes the file and returns its path. */
    public Path write() {
        Path file = dir.resolve("hearth.yaml");
        try {
            Files.createDirectories(deployDir());
            new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

}
