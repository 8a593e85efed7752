package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hearth.launcher.Hearth;
import org.hearth.testkit.HearthHome;
import org.hearth.testkit.MatrixHttp;
import org.hearth.testkit.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code conf/hearth.yaml} the distribution ships passes the check of every section against
 * its bundle's metatype, and the server it describes starts (on another port and directory).
 */
class ShippedConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void theShippedFileStartsTheServer() throws Exception {
        int port = Ports.free();
        String shipped = Files.readString(HearthHome.get().resolve("conf/hearth.yaml"));
        String yaml = shipped.replace("  port: 8008\n", "  port: " + port + "\n")
                .replace("data_dir: ./data\n", "data_dir: " + dir.resolve("data") + "\n")
                .replace("deploy_dir: ./deploy\n", "deploy_dir: " + dir.resolve("deploy") + "\n");
        assertTrue(!yaml.equals(shipped) && yaml.contains("port: " + port), "the shipped file changed its layout");
        Path file = dir.resolve("hearth.yaml");
        Files.writeString(file, yaml);
        try (Hearth hearth = Hearth.start(HearthHome.get(), file)) {
            assertEquals(200, new MatrixHttp(hearth.baseUrl()).get("/_matrix/client/v3/login").status());
        }
    }
}
