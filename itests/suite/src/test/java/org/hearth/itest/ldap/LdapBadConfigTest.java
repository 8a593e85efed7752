package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the operator reads in the log: a wrong {@code auth_ldap:} value keeps LDAP login off with
 * one line naming the key while the server runs on (the section belongs to an optional bundle);
 * {@code sync.group_rooms} without {@code sync.room_manager} is such a value.
 */
class LdapBadConfigTest {

    @TempDir
    Path dir;

    @Test
    void aWrongValueIsNamedAndTheServerRunsOn() throws Exception {
        TestConfig config = new TestConfig(dir)
                .set("auth_ldap.uris", List.of("http://ldap.example.org"))
                .set("auth_ldap.base_dn", "dc=example,dc=org");
        Path file = config.write();
        Files.copy(TestBundles.authLdap(), config.deployDir().resolve("hearth-auth-ldap.jar"));
        try (HearthProcess hearth = HearthProcess.launch(file, config.port()).awaitReady()) {
            Await.until("the line naming the key", Duration.ofSeconds(30), () -> hearth.output().contains(
                    "LDAP login is off: auth_ldap.uris: \"http://ldap.example.org\" is not an LDAP server URI"));
            assertEquals(200, hearth.http().get("/_matrix/client/versions").status());
            assertEquals(403, LdapSection.login(hearth.http(), "alice", "secret").status());
        }
    }

    @Test
    void anUnknownKeyIsNamedWhenTheBundleArrivesAndTheServerRunsOn() throws Exception {
        TestConfig config = new TestConfig(dir)
                .set("auth_ldap.uris", List.of("ldap://127.0.0.1:1"))
                .set("auth_ldap.base_dn", "dc=example,dc=org")
                .set("auth_ldap.bind_passwd", "secret");
        Path file = config.write();
        try (HearthProcess hearth = HearthProcess.launch(file, config.port()).awaitReady()) {
            // No bundle declares auth_ldap at start-up: the section waits for it.
            Files.copy(TestBundles.authLdap(), config.deployDir().resolve("hearth-auth-ldap.jar"));
            Await.until("the line naming the key", Duration.ofSeconds(30), () -> hearth.output().contains(
                    file + ": auth_ldap.bind_passwd: unknown key (the section is not handed to bundle org.hearth.auth.ldap"));
            assertEquals(200, hearth.http().get("/_matrix/client/versions").status());
            assertEquals(403, LdapSection.login(hearth.http(), "alice", "secret").status());
            assertTrue(!hearth.output().contains("LDAP login ready"), "the component got the section anyway");
        }
    }

    @Test
    void groupRoomsWithoutARoomManagerAreNamed() throws Exception {
        try (TestLdapServer ldap = TestLdapServer.openLdap()) {
            TestConfig config = new TestConfig(dir);
            Map<String, Object> section = ldap.openLdapConfig();
            section.put("sync.group_rooms.cn=staff,ou=groups," + TestLdapServer.OPENLDAP_BASE, "#staff:localhost");
            LdapSection.write(config, section);
            Path file = config.write();
            Files.copy(TestBundles.authLdap(), config.deployDir().resolve("hearth-auth-ldap.jar"));
            try (HearthProcess hearth = HearthProcess.launch(file, config.port()).awaitReady()) {
                Await.until("the line naming room_manager", Duration.ofSeconds(30), () -> hearth.output().contains(
                        "LDAP login is off: auth_ldap.sync.room_manager: required with sync.group_rooms"));
                assertEquals(403, LdapSection.login(hearth.http(), "alice", "alice-secret").status());
            }
        }
    }
}
