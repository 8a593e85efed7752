package org.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
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
        Map<String, Hashtable<String, Object>> pids = config.configurations();
        assertEquals("localhost", pids.get("hearth.server").get("server_name"));
        assertEquals("http://localhost:8008/", pids.get("hearth.server").get("public_baseurl"));
        assertEquals("jdbc:sqlite:" + home.resolve("data/hearth.db"), pids.get("hearth.database").get("url"));
    }

    @Test
    void sectionsBecomePidsWithDottedKeys() throws Exception {
        Map<String, Hashtable<String, Object>> pids = load("""
                http:
                  bind_addresses: ["127.0.0.1", "::1"]
                  port: 9000
                auth_ldap:
                  uris: ["ldap://a", "ldap://b"]
                  attributes:
                    localpart: uid
                  sync:
                    group_rooms: {"cn=staff,dc=x": "#staff:x"}
                """).configurations();
        assertArrayEquals(new String[] {"127.0.0.1", "::1"}, (String[]) pids.get("hearth.http").get("bind_addresses"));
        assertEquals(9000L, pids.get("hearth.http").get("port"));
        assertEquals("uid", pids.get("hearth.auth_ldap").get("attributes.localpart"));
        assertEquals("#staff:x", pids.get("hearth.auth_ldap").get("sync.group_rooms.cn=staff,dc=x"));
    }

    @Test
    void unknownTopLevelKey() {
        assertEquals("sever_name: unknown key", problem("sever_name: example.org\n"));
    }

    @Test
    void unknownKeyInAPlatformSection() {
        assertEquals("http.prot: unknown key", problem("http:\n  prot: 8008\n"));
    }

    @Test
    void misspeltPlatformSection() {
        assertEquals("htp: unknown section (did you mean 'http'?)", problem("htp:\n  port: 8008\n"));
    }

    @Test
    void wrongTypes() {
        assertEquals("http.port: expected a port number from 1 to 65535, found \"eighty\"",
                problem("http:\n  port: eighty\n"));
        assertEquals("http.port: expected a port number from 1 to 65535, found 70000", problem("http:\n  port: 70000\n"));
        assertEquals("http.bind_addresses: expected a list of strings, found \"0.0.0.0\"",
                problem("http:\n  bind_addresses: 0.0.0.0\n"));
        assertEquals("registration.enabled: expected true or false, found \"yes please\"",
                problem("registration:\n  enabled: yes please\n"));
        assertEquals("http: expected a section (a mapping of keys), found 8008", problem("http: 8008\n"));
        assertEquals("public_baseurl: expected an http:// or https:// URL, found \"matrix.example.org\"",
                problem("public_baseurl: matrix.example.org\n"));
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
