package org.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HearthConfigTest {
    @TempDir
    Path home;

    private HearthConfig load(String yaml) throws IOException, StartupFailure {
        Path file = home.resolve("hearth.yaml");
        Files.writeString(file, yaml);
        return HearthConfig.load(file, home);
    }

    private String problem(String yaml) {
        StartupFailure e = assertThrows(StartupFailure.class, () -> load(yaml));
        String prefix = home.resolve("hearth.yaml") + ": ";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        return e.getMessage().substring(prefix.length());
    }

    @Test
    void emptyFileGivesEveryDefault() throws Exception {
        HearthConfig config = load("");
        assertEquals(8008, config.httpPort());
        assertEquals(home.resolve("data"), config.dataDir());
        assertEquals("localhost", config.serverProperties().get("server_name"));
        assertEquals("http://localhost:8008/", config.serverProperties().get("public_baseurl"));
        assertEquals("jdbc:sqlite:" + home.resolve("data/hearth.db"), config.sections().get("database").get("url").asText());
    }

    @Test
    void everyOtherTopLevelKeyIsASectionForItsBundle() throws Exception {
        Map<String, JsonNode> sections = load("""
                server_name: example.org
                http:
                  port: 9000
                auth_ldap:
                  uris: ["ldap://a"]
                sever_name: typo.example
                """).sections();
        assertEquals(9000, sections.get("http").get("port").asInt());
        assertEquals("ldap://a", sections.get("auth_ldap").get("uris").get(0).asText());
        // Not the launcher's: checked against the bundles' metatype (none declares it: unknown key).
        assertEquals("typo.example", sections.get("sever_name").asText());
        assertTrue(!sections.containsKey("server_name"));
    }

    @Test
    void launcherKeysAreChecked() {
        assertEquals("public_baseurl: expected an http:// or https:// URL, found \"matrix.example.org\"",
                problem("public_baseurl: matrix.example.org\n"));
        assertEquals("data_dir: expected a string, found [1]", problem("data_dir: [1]\n").replace("a list ", ""));
    }

    @Test
    void aPortThatIsNotOneIsLeftToTheSectionCheck() throws Exception {
        assertEquals(-1, load("http:\n  port: eighty\n").httpPort());
        assertEquals(-1, load("http:\n  port: 70000\n").httpPort());
    }

    @Test
    void invalidServerName() {
        assertTrue(problem("server_name: \"bad name!\"\n").startsWith("server_name: expected a server name"));
    }

    @Test
    void duplicateKeysAndBrokenYaml() {
        assertTrue(problem("server_name: a\nserver_name: b\n").startsWith("not valid YAML: Duplicate field"));
        assertTrue(problem("http: [1,\n").contains("(line "));
    }

    @Test
    void missingFile() {
        Path file = home.resolve("absent.yaml");
        StartupFailure e = assertThrows(StartupFailure.class, () -> HearthConfig.load(file, home));
        assertEquals(file + ": configuration file not found", e.getMessage());
    }
}
