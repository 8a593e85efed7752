package org.hearth.itest.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hearth.itest.TestBundles;
import org.hearth.testkit.Accounts;
import org.hearth.testkit.HearthServer;
import org.hearth.testkit.Reply;
import org.hearth.testkit.ldap.TestLdapServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A directory that goes down: a clear 503 at once, local accounts keep working, and recovery. */
class LdapOutageTest {
    static final TestLdapServer ldap = TestLdapServer.openLdap();

    @RegisterExtension
    static HearthServer server = HearthServer.with(c -> {
        LdapSection.write(c, ldap.openLdapConfig());
        c.set("registration.enabled", true);
    }).deploying(TestBundles.authLdap());

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @Test
    void directoryDownAnswers503QuicklyWhileLocalAccountsLogIn() {
        Accounts.register(server.http(), "localadmin", "local password");
        assertEquals(200, LdapSection.login(server.http(), "alice", "alice-secret").status());

        ldap.stop();
        try {
            long start = System.nanoTime();
            Reply down = LdapSection.login(server.http(), "alice", "alice-secret");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, down.status(), down.toString());
            assertEquals("M_UNKNOWN", down.errcode());
            assertEquals("directory unavailable", down.json().get("error").asText());
            assertTrue(ms < 5000, "answered in " + ms + " ms");
            assertEquals(200, LdapSection.login(server.http(), "localadmin", "local password").status());
        } finally {
            ldap.restart();
        }
        assertEquals(200, LdapSection.login(server.http(), "alice", "alice-secret").status(), "back once the directory is");
    }
}
