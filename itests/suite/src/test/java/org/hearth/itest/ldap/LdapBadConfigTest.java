package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthProcess;
import org.hearth.testkit.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong {@code auth_ldap:} value keeps LDAP login off with one log line naming the key; the
 * server itself runs on (the section belongs to an optional bundle).
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
        try (HearthProcess hearth = HearthProcess.launch(file, config.port()).awaitReady(Duration.ofSeconds(60))) {
            Await.until("the line naming the key", Duration.ofSeconds(30), () -> hearth.output().contains(
                    "LDAP login is off: auth_ldap.uris: \"http://ldap.example.org\" is not an LDAP server URI"));
            assertEquals(200, hearth.http().get("/_matrix/client/versions").status());
            assertEquals(403, LdapSection.login(hearth.http(), "alice", "secret").status());
        }
    }
}
