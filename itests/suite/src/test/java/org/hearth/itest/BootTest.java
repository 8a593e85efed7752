package org.hearth.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The assembled server boots and serves the platform's own endpoints. */
class BootTest {

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> c
            .set("server_name", "example.org")
            .set("public_baseurl", "https://matrix.example.org/"));

    @Test
    void versionsListsSpecVersions() {
        Reply reply = server.http().get("/_matrix/client/versions");
        assertEquals(200, reply.status());
        JsonNode versions = reply.json().get("versions");
        assertTrue(versions.isArray() && versions.size() > 0, reply.text());
        // What is implemented (see VersionsRoute), not every version there is.
        assertEquals("[\"v1.1\",\"v1.2\",\"v1.3\"]", versions.toString(), reply.text());
        assertEquals("application/json", reply.header("Content-Type"));
    }

    @Test
    void everyResponseCarriesCorsHeaders() {
        Reply reply = server.http().get("/_matrix/client/versions");
        assertEquals("*", reply.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, PUT, DELETE, OPTIONS", reply.header("Access-Control-Allow-Methods"));
        assertEquals("X-Requested-With, Content-Type, Authorization", reply.header("Access-Control-Allow-Headers"));
        assertEquals("*", server.http().get("/no/such/thing").header("Access-Control-Allow-Origin"));
    }

    @Test
    void optionsPreflightIsAnsweredForAnyPath() {
        Reply known = server.http().send("OPTIONS", "/_matrix/client/versions", null,
                "Origin", "https://app.element.io", "Access-Control-Request-Method", "GET");
        assertEquals(200, known.status());
        assertEquals("*", known.header("Access-Control-Allow-Origin"));
        // The spec: OPTIONS never runs endpoint logic, also for endpoints this server lacks.
        Reply unknown = server.http().send("OPTIONS", "/_matrix/client/v3/rooms/!x:y/send/m.room.message/1", null);
        assertEquals(200, unknown.status());
        assertTrue(unknown.header("Access-Control-Allow-Headers").contains("Authorization"));
    }

    @Test
    void wellKnownComesFromTheConfiguration() {
        Reply client = server.http().get("/.well-known/matrix/client");
        assertEquals(200, client.status());
        assertEquals("https://matrix.example.org", client.json().at("/m.homeserver/base_url").asText());
        Reply federation = server.http().get("/.well-known/matrix/server");
        assertEquals(200, federation.status());
        assertEquals("matrix.example.org:443", federation.json().get("m.server").asText());
    }

    @Test
    void storageCreatesTheSqliteDatabaseInTheDataDirectory() throws SQLException {
        Path file = server.dataDir().resolve("hearth.db");
        assertTrue(Files.isRegularFile(file), "no " + file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            assertTrue(rows.next());
            assertTrue(rows.getInt(1) >= 1, "the schema migrations ran");
        }
    }

    @Test
    void theSystemBundlesAreReadWhereTheyLieNotCopiedIntoTheDataDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(server.dataDir().resolve("felix-cache"))) {
            List<Path> copies = files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
            assertEquals(List.of(), copies, "copies of system/ in the container's cache");
        }
    }

    @Test
    void healthSaysOk() {
        Reply reply = server.http().get("/health");
        assertEquals(200, reply.status());
        assertEquals("OK", reply.text());
    }

    @Test
    void metricsCountRequestsPerRouteAndShowJvmMemory() {
        server.http().get("/_matrix/client/versions");
        server.http().get("/nowhere/at/all");
        Reply reply = server.http().get("/_hearth/metrics");
        assertEquals(200, reply.status());
        String text = reply.text();
        assertTrue(text.contains("hearth_http_request_duration_seconds_count{method=\"GET\",route=\"/_matrix/client/versions\",status=\"200\"}"), text);
        assertTrue(text.contains("route=\"unmatched\",status=\"404\""), "unknown paths share one label");
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"}"), "JVM memory is exported");
    }

    @Test
    void metricsNamedInTheScrapeAreTheOnlyOnes() {
        server.http().get("/_matrix/client/versions");
        Reply reply = server.http().get("/_hearth/metrics?name%5B%5D=hearth_sync_waiting_polls&name%5B%5D=jvm_threads_state");
        assertEquals(200, reply.status());
        String text = reply.text();
        assertTrue(text.contains("\nhearth_sync_waiting_polls "), text);
        assertTrue(text.contains("jvm_threads_state{state=\"RUNNABLE\"}"), text);
        assertFalse(text.contains("hearth_http_request_duration_seconds"), text);
        assertFalse(text.contains("jvm_memory_used_bytes"), text);
    }
}
