package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hearth.itest.TestBundles;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.Await;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's story: the {@code auth_ldap:} section is in the YAML from the start, LDAP
 * logins start working when the bundle jar is copied into deploy/ and stop when it is removed;
 * the server never restarts and local password accounts work throughout.
 */
class LdapHotPlugTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final TestLdapServer ldap = TestLdapServer.openLdap();

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> {
        LdapSection.write(c, ldap.openLdapConfig());
        c.set("registration.enabled", true);
    });

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @Test
    void ldapLoginFollowsTheBundleInAndOutOfDeploy() throws Exception {
        Accounts.register(server.http(), "localadmin", "local password");
        assertEquals(403, LdapSection.login(server.http(), "alice", "alice-secret").status(), "no LDAP bundle yet");

        Path jar = server.deployDir().resolve("hearth-auth-ldap.jar");
        TestBundles.dropIn(TestBundles.authLdap(), jar);
        Await.until("LDAP login to work", WAIT,
                () -> LdapSection.login(server.http(), "alice", "alice-secret").status() == 200);
        assertEquals("@alice:localhost", LdapSection.userId(LdapSection.login(server.http(), "alice", "alice-secret")));
        assertEquals(200, LdapSection.login(server.http(), "localadmin", "local password").status());

        Files.delete(jar);
        Await.until("LDAP login to stop", WAIT,
                () -> LdapSection.login(server.http(), "alice", "alice-secret").status() == 403);
        assertEquals(200, LdapSection.login(server.http(), "localadmin", "local password").status());
        assertEquals(200, server.http().get("/_matrix/client/versions").status());
    }
}
